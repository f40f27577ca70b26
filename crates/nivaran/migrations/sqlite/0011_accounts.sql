-- Accounts that prove who they are. Kept in lock-step with ../postgres/0011_accounts.sql.

-- When the holder of a citizen account's mobile number proved it with a one-time password. A
-- citizen account sees the cases filed with its number only once it has. Accounts made through
-- a one-time password (named by the number, no password of their own) proved it then; accounts
-- made by an administrator or an import, and accounts made by the old
-- sign-up, which asked for no proof, stay unverified until their holder proves the number.
ALTER TABLE users ADD COLUMN mobile_verified_at INTEGER;
UPDATE users SET mobile_verified_at = created_at
    WHERE role = 'citizen' AND password_hash = '!' AND username = mobile;

-- Sign-in attempts per account name and client address (the name need not exist): counted
-- before each check, throttled with a growing delay, never locking the account for others.
CREATE TABLE login_throttle (
    username TEXT NOT NULL,
    client TEXT NOT NULL,
    failures INTEGER NOT NULL,
    next_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (username, client)
);

-- The lock-out these counted is gone: anyone could lock any account by guessing.
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
