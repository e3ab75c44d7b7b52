-- Runs once, when the postgres container starts on an empty volume: one database per service,
-- named as in each service's quarkus.datasource.jdbc.url (DeployConfigurationTest checks it).
CREATE DATABASE referral;
CREATE DATABASE triage;
CREATE DATABASE hub_allocation;
CREATE DATABASE target_monitor;
