-- Pets keep their full JSON document; the columns are what the queries filter on.
CREATE TABLE pets (
    id      INTEGER PRIMARY KEY,
    status  TEXT,
    body    TEXT NOT NULL,
    image   BLOB
);
CREATE INDEX pets_status ON pets (status);

CREATE TABLE orders (
    id      INTEGER PRIMARY KEY,
    body    TEXT NOT NULL
);

CREATE TABLE users (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    body     TEXT NOT NULL
);

CREATE TABLE sessions (
    token    TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    expires  INTEGER NOT NULL
);
