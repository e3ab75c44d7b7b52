package uk.nhs.homefirst.monitor.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.alert.AlertPolicy;
import uk.nhs.homefirst.monitor.clock.ClockRules;
import uk.nhs.homefirst.monitor.config.MonitorConfig;
import uk.nhs.homefirst.monitor.window.TargetReport;
import uk.nhs.homefirst.platform.security.Roles;

@Path("/api/standards")
@RolesAllowed({Roles.OPS, Roles.ADMIN})
@Tag(name = "Targets")
public class StandardResource {

    /** A response standard as this monitor counts it. */
    public record Standard(ResponseStandard standard, Duration duration, Duration atRisk, BigDecimal alertThreshold,
            int alertMinimumResolved, BigDecimal alertHysteresis, String alertWindow) {
    }

    private final List<Standard> standards;

    StandardResource(ClockRules rules, TargetReport.Settings settings, Map<ResponseStandard, AlertPolicy> policies,
            MonitorConfig config) {
        this.standards = java.util.Arrays.stream(ResponseStandard.values()).map(standard -> new Standard(standard,
                rules.durationOf(standard), settings.atRiskMargins().get(standard), policies.get(standard).threshold(),
                policies.get(standard).minimumResolved(), policies.get(standard).hysteresis(), config.alerts().window()))
                .toList();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The response standards: clock durations, at-risk margins and alert thresholds")
    public List<Standard> list() {
        return standards;
    }
}
