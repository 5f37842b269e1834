-- Workflow definitions: one row per workflow, one per saved revision. Runs keep the revision they started with.
CREATE TABLE workflows (
    id               TEXT    PRIMARY KEY,
    name             TEXT    NOT NULL,
    category         TEXT    NULL,
    version          TEXT    NOT NULL,
    current_revision INTEGER NOT NULL,
    deleted_at       BIGINT  NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);

CREATE TABLE workflow_revisions (
    workflow_id TEXT    NOT NULL REFERENCES workflows (id),
    revision    INTEGER NOT NULL,
    document    TEXT    NOT NULL,             -- the definition as JSON, validated when saved
    created_at  BIGINT  NOT NULL,
    created_by  TEXT    NOT NULL,
    PRIMARY KEY (workflow_id, revision)
);
