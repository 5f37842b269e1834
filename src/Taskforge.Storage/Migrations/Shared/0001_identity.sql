-- Identity: users, groups, memberships, bearer tokens. Instants are Unix milliseconds.
CREATE TABLE users (
    id             TEXT    PRIMARY KEY,
    name           TEXT    NOT NULL,
    name_key       TEXT    NOT NULL UNIQUE,   -- upper-cased name: names are unique ignoring case
    display_name   TEXT    NULL,
    email          TEXT    NULL,
    password_hash  TEXT    NULL,              -- PBKDF2; NULL for token-only service accounts
    security_stamp TEXT    NOT NULL,
    roles          INTEGER NOT NULL DEFAULT 0,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);

CREATE TABLE user_groups (
    id          TEXT   PRIMARY KEY,
    name        TEXT   NOT NULL,
    name_key    TEXT   NOT NULL UNIQUE,
    description TEXT   NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX ix_group_members_user ON group_members (user_id);

CREATE TABLE api_tokens (
    id           TEXT    PRIMARY KEY,
    user_id      TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    kind         INTEGER NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,     -- SHA-256 of the secret; the secret itself is never stored
    prefix       TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NULL,
    revoked_at   BIGINT  NULL,
    last_used_at BIGINT  NULL
);
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);
