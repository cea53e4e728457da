#!/usr/bin/env sh
# Imports the sample exports of the Senegal example campaign into the store (DATABASE_URL, default
# data/counterpoint.db), so the report and the dashboards have data. Safe to run twice: re-imports change nothing.
set -e
c=safe-journeys-senegal-2027
s=tests/fixtures/samples
node bin/counterpoint.js import meta-ads "$s/meta-ads-export.csv" --campaign $c
node bin/counterpoint.js import tiktok-ads "$s/tiktok-ads-export.csv" --campaign $c
node bin/counterpoint.js import activities "$s/field-activities.csv" --campaign $c
node bin/counterpoint.js import inquiries "$s/contact-inquiries.csv" --campaign $c
node bin/counterpoint.js import kobo "$s/kobo-survey-export.csv" --campaign $c
node bin/counterpoint.js totals $c
