-- OIDC sign-in (decision 0020): an account signed in through an OpenID Connect provider is bound to the
-- provider's issuer and subject (the stable identifier; a user name at the provider can change), so the same
-- person always gets the same account, and no other account can be taken over by a matching user name.
ALTER TABLE app_user
    ADD COLUMN oidc_issuer   text,
    ADD COLUMN oidc_subject  text,
    ADD COLUMN first_sign_in_at timestamptz,
    ADD CONSTRAINT app_user_oidc_subject UNIQUE (oidc_issuer, oidc_subject),
    ADD CONSTRAINT app_user_oidc_bound CHECK ((origin = 'OIDC') = (oidc_subject IS NOT NULL));
