package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * {@code GET /fhir/metadata}: what this FHIR server accepts, for a client to discover before it
 * sends. A public document, as the OpenAPI one is: it holds no data.
 */
@Path("/fhir/metadata")
@Tag(name = "FHIR R4")
public class CapabilityStatementResource {

    /** The UK Core profile a sender may claim; validated here against base R4 (see API.md). */
    static final String UK_CORE_SERVICE_REQUEST = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest";

    private final String statement;

    CapabilityStatementResource(FhirContext fhir) {
        this.statement = fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(statement());
    }

    @GET
    @PermitAll
    @Produces({FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "The FHIR CapabilityStatement: interactions, search parameters, profiles")
    public Response metadata() {
        return Response.ok(statement).type(FhirCodings.FHIR_JSON).build();
    }

    static CapabilityStatement statement() {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setDateElement(new DateTimeType("2026-12-07"));
        cs.setPublisher("Home First platform, Leicester, Leicestershire and Rutland");
        cs.setKind(CapabilityStatementKind.INSTANCE);
        cs.getSoftware().setName("Home First referral-service");
        cs.getImplementation().setDescription("Referrals to community health services: urgent community response, "
                + "reablement and discharge to assess");
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.addFormat("application/fhir+json").addFormat("json");
        CapabilityStatement.CapabilityStatementRestComponent rest = cs.addRest().setMode(RestfulCapabilityMode.SERVER);
        rest.getSecurity().addService(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth")))
                .setDescription("A bearer access token (JWT) of the platform's identity provider, with the role "
                        + "referrer and the ODS codes of the organisations the caller acts for.");
        CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource().setType("ServiceRequest")
                .setProfile("http://hl7.org/fhir/StructureDefinition/ServiceRequest");
        resource.addSupportedProfile(UK_CORE_SERVICE_REQUEST);
        resource.addInteraction().setCode(TypeRestfulInteraction.CREATE)
                .setDocumentation("A ServiceRequest with its Patient contained, or a transaction Bundle of it and the "
                        + "resources it references. The same identifier again with the same content: 200 and the same referral.");
        resource.addInteraction().setCode(TypeRestfulInteraction.READ);
        resource.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE)
                .setDocumentation("The referrals of the organisations the caller acts for, latest first; _count and _offset page.");
        resource.addSearchParam().setName("identifier").setType(SearchParamType.TOKEN)
                .setDefinition("http://hl7.org/fhir/SearchParameter/clinical-identifier")
                .setDocumentation("system|value: the sender's identifier of the referral, or " + FhirCodings.REFERRAL_ID);
        resource.addSearchParam().setName("patient").setType(SearchParamType.REFERENCE)
                .setDefinition("http://hl7.org/fhir/SearchParameter/clinical-patient")
                .setDocumentation("Chained only: patient.identifier=" + FhirCodings.NHS_NUMBER + "|<NHS number>");
        resource.setConditionalCreate(false).setConditionalUpdate(false);
        rest.addResource().setType("Encounter").setProfile("http://hl7.org/fhir/StructureDefinition/Encounter")
                .addInteraction().setCode(TypeRestfulInteraction.CREATE)
                .setDocumentation("A hospital discharge: a finished Encounter based on the referral's ServiceRequest, "
                        + "period.end the discharge time, hospitalization.dischargeDisposition a coding of "
                        + FhirCodings.DISCHARGE_PATHWAY + " (0 to 3). Starts the referral's response clocks.");
        task(rest);
        return cs;
    }

    /** The referrer hears back: where each referral stands, as a Task tracking its ServiceRequest. */
    private static void task(CapabilityStatement.CapabilityStatementRestComponent rest) {
        CapabilityStatement.CapabilityStatementRestResourceComponent task = rest.addResource().setType("Task")
                .setProfile("http://hl7.org/fhir/StructureDefinition/Task")
                .setDocumentation("One Task per referral, with the referral's id, focus its ServiceRequest: status "
                        + TaskSearch.statusCodes() + "; statusReason why it was declined (" + TaskView.DECLINE_REASON
                        + ") or cancelled, or how a completed one's episode ended (" + TaskView.EPISODE_OUTCOME
                        + "); businessStatus the pathway (" + TaskView.PATHWAY + "); owner the hub; "
                        + "executionPeriod.start the first visit, .end the day of a closed episode's outcome. Read only.");
        task.addInteraction().setCode(TypeRestfulInteraction.READ);
        task.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE)
                .setDocumentation("The Tasks of the organisations the caller acts for, latest received first.");
        task.addSearchParam().setName("status").setType(SearchParamType.TOKEN)
                .setDefinition("http://hl7.org/fhir/SearchParameter/Task-status");
        task.addSearchParam().setName("authored-on").setType(SearchParamType.DATE)
                .setDefinition("http://hl7.org/fhir/SearchParameter/Task-authored-on")
                .setDocumentation("When the referral was received (the clock start): ge, gt, le, lt, eq");
        task.addSearchParam().setName("modified").setType(SearchParamType.DATE)
                .setDefinition("http://hl7.org/fhir/SearchParameter/Task-modified")
                .setDocumentation("The last status change: ge, gt, le, lt, eq");
        task.addSearchParam().setName("focus").setType(SearchParamType.REFERENCE)
                .setDefinition("http://hl7.org/fhir/SearchParameter/Task-focus").setDocumentation("ServiceRequest/<id>");
        task.addSearchParam().setName("identifier").setType(SearchParamType.TOKEN)
                .setDefinition("http://hl7.org/fhir/SearchParameter/Task-identifier")
                .setDocumentation(FhirCodings.REFERRAL_ID + "|<referral id>");
        CapabilityStatement.CapabilityStatementRestResourceComponent subscription = rest.addResource()
                .setType("Subscription").setProfile("http://hl7.org/fhir/StructureDefinition/Subscription")
                .setDocumentation("rest-hook on the caller's organisation's Tasks (criteria Task or Task?status=...). "
                        + "With payload application/fhir+json each change PUTs the Task to <endpoint>/Task/<id>; "
                        + "without, an empty POST to the endpoint. Retried with backoff until delivered.");
        subscription.addInteraction().setCode(TypeRestfulInteraction.CREATE);
        subscription.addInteraction().setCode(TypeRestfulInteraction.READ);
        subscription.addInteraction().setCode(TypeRestfulInteraction.DELETE);
    }
}
