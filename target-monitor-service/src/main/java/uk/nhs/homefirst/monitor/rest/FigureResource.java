package uk.nhs.homefirst.monitor.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.alert.AlertPolicy;
import uk.nhs.homefirst.monitor.figures.FigureBoard;
import uk.nhs.homefirst.monitor.figures.FigureOrigin;
import uk.nhs.homefirst.monitor.figures.FigureTable;
import uk.nhs.homefirst.monitor.figures.Period;
import uk.nhs.homefirst.monitor.hub.HubDirectory;
import uk.nhs.homefirst.monitor.window.TargetReport;
import uk.nhs.homefirst.platform.problem.InvalidRequestException;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.security.Roles;

/** The daily, weekly and monthly figures per hub and standard, as JSON or as CSV for analysts. */
@Path("/api/figures")
@RolesAllowed({Roles.OPS, Roles.ADMIN})
@Tag(name = "Figures")
public class FigureResource {

    /** The figures of a period over a range: one row per period, hub, standard and origin. */
    public record Figures(Period period, LocalDate from, LocalDate to, List<FigureTable.Row> rows) {
    }

    private final FigureBoard figures;
    private final HubDirectory hubs;
    private final SecurityIdentity identity;
    private final Map<ResponseStandard, BigDecimal> thresholds = new EnumMap<>(ResponseStandard.class);
    private final Clock clock;
    private final TargetReport.Settings settings;

    FigureResource(FigureBoard figures, HubDirectory hubs, SecurityIdentity identity,
            Map<ResponseStandard, AlertPolicy> policies, Clock clock, TargetReport.Settings settings) {
        this.figures = figures;
        this.hubs = hubs;
        this.identity = identity;
        policies.forEach((standard, policy) -> thresholds.put(standard, policy.threshold()));
        this.clock = clock;
        this.settings = settings;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Daily, weekly or monthly figures per hub and standard",
            description = "period DAY (default: the last 28 days), WEEK (the last 53 weeks, from Mondays) or MONTH "
                    + "(the last 13 months); from and to (ISO dates, Europe/London) choose another range. Each row has the "
                    + "counts, the percentage met and the standard's threshold; a month its finalised figures and "
                    + "every revision since (old value, new value, when, which clock and event). Each row's origin is "
                    + "ALL; with by=origin, each is followed by its HOSPITAL_DISCHARGE and COMMUNITY rows, which add up "
                    + "to it and are finalised and revised on their own (NICE QS173).")
    public Figures figures(@QueryParam("period") String period, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("hub") String hub, @QueryParam("standard") String standard,
            @QueryParam("by") String by) {
        return table(period, from, to, hub, standard, by);
    }

    @GET
    @Path("csv")
    @Produces("text/csv")
    @Operation(summary = "The same figures as CSV, one row per period, hub, standard and origin",
            description = "The origin column is last: ALL, and with by=origin HOSPITAL_DISCHARGE and COMMUNITY too.")
    public Response csv(@QueryParam("period") String period, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("hub") String hub, @QueryParam("standard") String standard,
            @QueryParam("by") String by) {
        Figures table = table(period, from, to, hub, standard, by);
        String name = "home-first-" + table.period().name().toLowerCase(Locale.ROOT) + "-figures-" + table.from()
                + "-to-" + table.to() + ".csv";
        return Response.ok(FigureTable.csv(table.rows()), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    private Figures table(String periodName, String fromText, String toText, String hub, String standardName,
            String by) {
        List<FigureOrigin> origins = TargetResource.byOrigin(by) ? List.of(FigureOrigin.values()) : List.of(FigureOrigin.ALL);
        List<Problem.FieldError> errors = new ArrayList<>();
        Period period = Period.DAY;
        if (periodName != null) {
            try {
                period = Period.valueOf(periodName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("period", "must be DAY, WEEK or MONTH"));
            }
        }
        ResponseStandard standard = null;
        if (standardName != null) {
            try {
                standard = ResponseStandard.valueOf(standardName);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("standard", "must be one of " + java.util.Arrays.toString(ResponseStandard.values())));
            }
        }
        LocalDate today = LocalDate.now(clock.withZone(settings.zone()));
        LocalDate to = date("to", toText, today, errors);
        LocalDate from = date("from", fromText, switch (period) {
            case DAY -> to.minusDays(27);
            case WEEK -> Period.WEEK.start(to).minusWeeks(52);
            case MONTH -> Period.MONTH.start(to).minusMonths(12);
        }, errors);
        if (errors.isEmpty() && from.isAfter(to)) {
            errors.add(new Problem.FieldError("from", "must not be after to"));
        }
        if (errors.isEmpty() && from.isBefore(to.minusYears(3))) {
            errors.add(new Problem.FieldError("from", "must be within three years of to"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Map<String, String> names = new LinkedHashMap<>();
        hubs.hubs(HubResource.accessToken(identity)).forEach((id, name) -> {
            if (hub == null || hub.equals(id)) {
                names.put(id, name);
            }
        });
        List<FigureBoard.Entry> entries = figures.figures(period, hub, standard, period.start(from), to);
        for (FigureBoard.Entry entry : entries) {
            names.putIfAbsent(entry.key().hubId(), entry.key().hubId());
        }
        Map<ResponseStandard, BigDecimal> standards = new EnumMap<>(ResponseStandard.class);
        thresholds.forEach((s, threshold) -> {
            if (standardName == null || s.name().equals(standardName)) {
                standards.put(s, threshold);
            }
        });
        return new Figures(period, period.start(from), to, FigureTable.rows(entries, period, from, to, names, standards,
                origins));
    }

    private static LocalDate date(String field, String text, LocalDate otherwise, List<Problem.FieldError> errors) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be a date such as 2026-11-01"));
            return otherwise;
        }
    }
}
