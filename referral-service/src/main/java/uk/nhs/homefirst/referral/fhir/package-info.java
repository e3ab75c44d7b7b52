/**
 * The FHIR R4 intake: {@code POST /fhir/ServiceRequest} and {@code GET /fhir/ServiceRequest/{id}}.
 *
 * <h2>What a sender posts</h2>
 * {@code application/fhir+json} (or {@code application/json}): a UK Core ServiceRequest, either
 * <ul>
 * <li>with its Patient (and the requester's PractitionerRole) in {@code contained}, referenced as
 * {@code #id}, or</li>
 * <li>in a {@code transaction} Bundle whose entries (ServiceRequest, Patient, PractitionerRole,
 * Practitioner, Organization) reference each other by {@code fullUrl}.</li>
 * </ul>
 * HAPI FHIR's R4 model and JSON parser read it ({@link uk.nhs.homefirst.referral.fhir.FhirBody});
 * {@link uk.nhs.homefirst.referral.fhir.ServiceRequestMapping} reads it into the same
 * {@code ReferralRequest} as {@code POST /api/referrals} takes, and the same
 * {@code ReferralValidator} and {@code ReferralIntake} take it from there: one set of rules, one
 * table, one {@code ReferralReceived} on the referrals topic.
 *
 * <h2>Where each field is read from</h2>
 * <table>
 * <caption>FHIR elements and codings</caption>
 * <tr><th>referral</th><th>FHIR element</th><th>system / codes</th></tr>
 * <tr><td>NHS number</td><td>Patient.identifier</td><td>{@code https://fhir.nhs.uk/Id/nhs-number}</td></tr>
 * <tr><td>given and family name</td><td>Patient.name (official, else usual, else first): given (joined), family</td><td></td></tr>
 * <tr><td>date of birth</td><td>Patient.birthDate (a full date)</td><td></td></tr>
 * <tr><td>postcode</td><td>Patient.address (home, else the first with one).postalCode</td><td></td></tr>
 * <tr><td>phone</td><td>Patient.telecom, the first with system phone</td><td></td></tr>
 * <tr><td>registered GP practice</td><td>Patient.generalPractitioner: a reference by identifier, or to an
 * Organization (or PractitionerRole) in the submission</td><td>{@code https://fhir.nhs.uk/Id/ods-organization-code}</td></tr>
 * <tr><td>referrer's organisation</td><td>ServiceRequest.requester → PractitionerRole.organization (or
 * requester → Organization)</td><td>{@code https://fhir.nhs.uk/Id/ods-organization-code}</td></tr>
 * <tr><td>referrer's role</td><td>PractitionerRole.code, else the kind of the requester's organisation
 * ({@link uk.nhs.homefirst.referral.fhir.OdsOrganisationKind})</td><td>{@code https://homefirst.nhs.uk/fhir/CodeSystem/referrer-role}:
 * the {@code ReferrerRole} names (GP, NURSE, PARAMEDIC, ...)</td></tr>
 * <tr><td>referrer's name</td><td>PractitionerRole.practitioner → Practitioner.name, else the reference's display</td><td></td></tr>
 * <tr><td>referral source</td><td>ServiceRequest.category, one coding; else the kind of the requester's
 * organisation, from its ODS code's form or an ODS role on Organization.type</td><td>{@code https://homefirst.nhs.uk/fhir/CodeSystem/referral-source}:
 * the {@code ReferralSource} names (GP, ACUTE_HOSPITAL, AMBULANCE, NHS111, ...)</td></tr>
 * <tr><td>clinical needs</td><td>ServiceRequest.category, one coding each; else the SNOMED CT concepts of
 * reasonCode and code, through {@link uk.nhs.homefirst.referral.fhir.SnomedNeeds} (none known: no needs, LDU review)</td><td>{@code https://homefirst.nhs.uk/fhir/CodeSystem/clinical-need}:
 * the {@code ClinicalNeed} names (FALLS, DELIRIUM, ...)</td></tr>
 * <tr><td>requested urgency</td><td>ServiceRequest.priority</td><td>stat → CRISIS, urgent and asap → URGENT, routine → ROUTINE</td></tr>
 * <tr><td>reason</td><td>ServiceRequest.reasonCode (else code): text (else a coding's display; several are joined),
 * code of the first SNOMED CT coding</td><td>{@code http://snomed.info/sct}</td></tr>
 * <tr><td>stated receivedAt</td><td>ServiceRequest.authoredOn, with seconds and a time zone</td><td></td></tr>
 * <tr><td>source system and referral id</td><td>ServiceRequest.identifier: system and value of the first that is not
 * this service's</td><td>any; the same system and value again is the same referral (200), with other content 409</td></tr>
 * </table>
 * ServiceRequest.status must be {@code active}, and intent is required. A stock UK Core
 * ServiceRequest needs none of this platform's code systems: the requester's ODS code and the
 * SNOMED CT reason give the source, role and needs. A sender that uses our code systems (their
 * codes are the names of the event contract's enums) is honoured over what those give.
 *
 * <h2>What comes back</h2>
 * 201 with the ServiceRequest as stored ({@link uk.nhs.homefirst.referral.fhir.ServiceRequestView}):
 * its id is the referral id (also an identifier of system {@code https://homefirst.nhs.uk/Id/referral-id}),
 * {@code Location: /fhir/ServiceRequest/{id}}, the Patient and the requester's PractitionerRole
 * contained, and an extension {@code https://homefirst.nhs.uk/fhir/StructureDefinition/response-clock-start}
 * with the time the response clock started. It reads back through the mapping as the same referral.
 *
 * <p>Every refusal is an OperationOutcome with one issue per problem, of severity error: code
 * {@code invalid} (a value breaks a rule), {@code required} (absent, or not in the system read),
 * {@code structure} (not FHIR R4 JSON), with the FHIRPath of the element in {@code expression}
 * (such as {@code Patient.identifier[0].value}) and a diagnostics text that never repeats a value
 * sent. 400 for invalid content, 404 for an unknown id, 409 for an identifier reused for other
 * content, 415 for a body that is not FHIR JSON.
 */
package uk.nhs.homefirst.referral.fhir;
