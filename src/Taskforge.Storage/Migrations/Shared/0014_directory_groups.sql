-- Directory sign-in (issue 17): the groups a directory (LDAP / Active Directory) said a user belongs to at their last
-- directory sign-in, by name. Kept apart from group_members so that a sign-in replaces only what the directory owns and
-- never an administrator's own memberships; a name need not be a Taskforge group to count (work items and permissions
-- name groups by name).
CREATE TABLE directory_groups (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_name TEXT NOT NULL,
    name_key   TEXT NOT NULL,   -- upper-cased name, as user_groups.name_key
    PRIMARY KEY (user_id, name_key)
);
CREATE INDEX ix_directory_groups_name ON directory_groups (name_key);
