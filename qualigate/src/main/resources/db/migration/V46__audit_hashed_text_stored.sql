-- The audit chain's hashed text stored beside each entry (decision 0069): the exact UTF-8 text of the RFC 8785
-- canonical JSON that the entry's hash is the SHA-256 of, written by the sealer in the transaction that seals the
-- entry. verify hashes this text as it is stored and checks, member by member, that it says what the entry's
-- columns say, instead of re-canonicalising the columns' JSON for every entry. Entries sealed before this
-- migration have no text (the table is append-only: nothing is backfilled) and are verified from their columns
-- as before.
ALTER TABLE audit_event ADD COLUMN hashed_text text;
