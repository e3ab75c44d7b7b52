-- Runs once, when the postgres container starts on an empty volume: one database per service,
-- named as in each service's quarkus.datasource.jdbc.url (DeployConfigurationTest checks it). The
-- target monitor has none: its state is in Kafka Streams' stores and topics.
CREATE DATABASE referral;
CREATE DATABASE triage;
CREATE DATABASE hub_allocation;
