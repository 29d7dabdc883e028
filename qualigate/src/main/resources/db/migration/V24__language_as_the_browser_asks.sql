-- A user's language may be left to the browser (decision 0041): NULL means "as the browser's Accept-Language
-- asks, else English". Accounts keep what they hold: an 'en' stored before this version stays a choice.
ALTER TABLE app_user
    ALTER COLUMN language DROP NOT NULL,
    ALTER COLUMN language DROP DEFAULT;
