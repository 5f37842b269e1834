-- The web console's ASP.NET Data Protection key ring (the keys that protect session cookies and antiforgery tokens),
-- shared by every node so that a cookie issued by one node is accepted by all. Sessions themselves are api_tokens of
-- kind 3 (console). Elements are kept as the XML Data Protection writes; name is its friendly name ("key-<guid>").
CREATE TABLE data_protection_keys (
    name       TEXT   PRIMARY KEY,
    xml        TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
