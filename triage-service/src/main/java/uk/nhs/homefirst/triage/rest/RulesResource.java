package uk.nhs.homefirst.triage.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.problem.Violations;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;
import uk.nhs.homefirst.triage.rules.DryRun;
import uk.nhs.homefirst.triage.rules.RuleBook;
import uk.nhs.homefirst.triage.rules.RuleRowInput;
import uk.nhs.homefirst.triage.rules.RuleTable;
import uk.nhs.homefirst.triage.rules.RuleTableCsv;
import uk.nhs.homefirst.triage.store.PastDecisions;
import uk.nhs.homefirst.triage.store.RuleVersion;

/**
 * The triage rules as versioned data. Admin drafts a version (JSON or CSV) with the time it should
 * take effect; a second person with clinical authority (an LDU clinician, not the author) approves it,
 * and it decides the referrals that arrive from then on. Versions are never changed or deleted; a
 * draft can be withdrawn. A dry run shows how the last 28 days would have gone under any version.
 */
@Path("/api/triage/rules")
@Tag(name = "Triage rules")
@RolesAllowed({Roles.LDU_CLINICIAN, Roles.ADMIN})
public class RulesResource {

    private static final Logger LOG = Logger.getLogger(RulesResource.class);
    static final String CSV = "text/csv";
    static final Duration DRY_RUN_PERIOD = Duration.ofDays(28);
    static final int CHANGES_SHOWN = 500;

    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final Clock clock;

    RulesResource(SecurityIdentity identity, AuditTrail audit, Clock clock) {
        this.identity = identity;
        this.audit = audit;
        this.clock = clock;
    }

    public record Versions(Integer inEffect, List<RuleVersionView> versions) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every version of the rule table, newest first, and the one in effect")
    @Transactional
    public Versions versions() {
        Integer inEffect = RuleVersion.inEffectAt(clock.instant()).orElse(null);
        return new Versions(inEffect, RuleVersion.newestFirst().stream().map(v -> RuleVersionView.of(v, inEffect, false)).toList());
    }

    @GET
    @Path("{version}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A version with its rows")
    @APIResponse(responseCode = "404", description = "No such version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public RuleVersionView version(@PathParam("version") String version) {
        return RuleVersionView.of(stored(version), RuleVersion.inEffectAt(clock.instant()).orElse(null), true);
    }

    @GET
    @Path("{version}")
    @Produces(CSV)
    @Operation(summary = "A version's rows as CSV, as a spreadsheet opens it and as a draft is sent back")
    @Transactional
    public Response versionAsCsv(@PathParam("version") String version) {
        RuleVersion stored = stored(version);
        return Response.ok(RuleTableCsv.write(RuleBook.parse(stored)), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"triage-rules-v" + stored.version + ".csv\"").build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Draft a new version", description = "{effectiveFrom, note, rows}: the whole table, in order; "
            + "the last row has no condition. It takes effect only once approved, and never before its approval.")
    @APIResponse(responseCode = "201", description = "The draft, with its Location")
    @APIResponse(responseCode = "400", description = "Each invalid field named (rows[2].pathway)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public Response draft(RuleVersionView.Draft draft, @Context UriInfo uri) {
        Violations violations = new Violations();
        if (draft == null) {
            violations.add("body", "is required: {effectiveFrom, note, rows}").throwIfAny();
        }
        return create(draft.effectiveFrom(), draft.note(), draft.rows(), violations, uri);
    }

    @POST
    @Consumes(CSV)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Draft a new version from CSV", description = "The CSV of GET with Accept: text/csv, edited; "
            + "effectiveFrom and note as query parameters.")
    @Transactional
    public Response draftFromCsv(String csv, @QueryParam("effectiveFrom") String effectiveFrom,
            @QueryParam("note") String note, @Context UriInfo uri) {
        Violations violations = new Violations();
        List<RuleRowInput> rows = RuleTableCsv.read(csv, violations);
        return create(effectiveFrom, note, rows, violations, uri);
    }

    private Response create(String effectiveFrom, String note, List<RuleRowInput> rows, Violations violations, UriInfo uri) {
        Instant from = null;
        try {
            from = Instant.parse(effectiveFrom == null ? "" : effectiveFrom);
        } catch (DateTimeParseException e) {
            violations.add("effectiveFrom", "is required: an ISO-8601 instant such as 2026-12-08T08:00:00Z");
        }
        violations.check(note != null && !note.isBlank() && note.length() <= 500, "note",
                "is required: what the version changes and why, at most 500 characters");
        RuleTable table = rows == null ? null : RuleTable.of(rows, violations);
        violations.throwIfAny();
        // One version number after another, whoever drafts at the same time.
        RuleVersion.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('rule_version'))")
                .getSingleResult();
        Number last = (Number) RuleVersion.getEntityManager().createNativeQuery("SELECT max(version) FROM rule_version")
                .getSingleResult();
        RuleVersion v = new RuleVersion();
        v.version = last == null ? 1 : last.intValue() + 1;
        v.status = RuleVersion.DRAFT;
        v.effectiveFrom = from.truncatedTo(ChronoUnit.MICROS);
        v.tableCsv = RuleTableCsv.write(table);
        v.note = note.strip();
        v.createdBy = Caller.of(identity).subject();
        v.createdAt = now();
        v.persist();
        audit.record("triage.rules.create", "version=" + v.version, List.of());
        LOG.infof("Rule table version %d drafted by %s, to take effect from %s once approved", v.version, v.createdBy,
                v.effectiveFrom);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(v.version)).build())
                .entity(RuleVersionView.of(v, null, true)).build();
    }

    @POST
    @Path("{version}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LDU_CLINICIAN)
    @Operation(summary = "Approve a draft", description = "By an LDU clinician who did not draft it. It takes effect at "
            + "its effectiveFrom, or now if that has passed.")
    @APIResponse(responseCode = "409", description = "Not a draft, or the caller drafted it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public RuleVersionView approve(@PathParam("version") String version) {
        RuleVersion v = draftLocked(version, "approved");
        String approver = Caller.of(identity).subject();
        if (approver.equals(v.createdBy)) {
            throw ProblemException.conflict("You drafted version " + v.version + ": a second person with clinical "
                    + "authority approves it.");
        }
        Instant now = now();
        v.status = RuleVersion.APPROVED;
        v.decidedBy = approver;
        v.decidedAt = now;
        if (v.effectiveFrom.isBefore(now)) {
            v.effectiveFrom = now;
        }
        audit.record("triage.rules.approve", "version=" + v.version, List.of());
        LOG.infof("Rule table version %d approved by %s, in effect from %s", v.version, approver, v.effectiveFrom);
        return RuleVersionView.of(v, RuleVersion.inEffectAt(now).orElse(null), true);
    }

    @POST
    @Path("{version}/withdraw")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Withdraw a draft", description = "It is kept, marked withdrawn, and can no longer be approved.")
    @Transactional
    public RuleVersionView withdraw(@PathParam("version") String version) {
        RuleVersion v = draftLocked(version, "withdrawn");
        v.status = RuleVersion.WITHDRAWN;
        v.decidedBy = Caller.of(identity).subject();
        v.decidedAt = now();
        audit.record("triage.rules.withdraw", "version=" + v.version, List.of());
        return RuleVersionView.of(v, RuleVersion.inEffectAt(now()).orElse(null), true);
    }

    public record DryRunView(int version, Instant from, Instant to, DryRun.Result result) {
    }

    @GET
    @Path("{version}/dry-run")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How the last 28 days' referrals would have gone under this version",
            description = "Each referral the rules decided is decided again by this version: how many change, by "
                    + "pathway, and of those a clinician re-triaged, how many this version puts where the clinician did. "
                    + "Referral ids only; the first " + CHANGES_SHOWN + " changes are listed.")
    @Transactional
    public DryRunView dryRun(@PathParam("version") String version) {
        RuleVersion v = stored(version);
        Instant to = clock.instant();
        Instant from = to.minus(DRY_RUN_PERIOD);
        DryRun.Result result = DryRun.of(PastDecisions.since(from), RuleBook.parse(v), CHANGES_SHOWN);
        audit.record("triage.rules.dry-run", "version=" + v.version,
                result.changes().stream().map(DryRun.Change::referralId).toList());
        return new DryRunView(v.version, from, to, result);
    }

    private RuleVersion draftLocked(String version, String what) {
        RuleVersion v = RuleVersion.lockedForUpdate(number(version)).orElseThrow(() -> missing(version));
        if (!RuleVersion.DRAFT.equals(v.status)) {
            throw ProblemException.conflict("Version " + v.version + " is " + v.status.toLowerCase(java.util.Locale.ROOT)
                    + ": only a draft can be " + what + ".");
        }
        return v;
    }

    private static RuleVersion stored(String version) {
        return RuleVersion.<RuleVersion>findByIdOptional(number(version)).orElseThrow(() -> missing(version));
    }

    private static int number(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw missing(version);
        }
    }

    private static ProblemException missing(String version) {
        return ProblemException.notFound("There is no version " + version + " of the triage rules.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
