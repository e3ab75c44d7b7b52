package uk.nhs.homefirst.platform.audit;

import java.time.Instant;
import java.util.List;

/**
 * One line of the audit trail, as {@code GET /api/audit} shows it.
 *
 * @param organisations the ODS codes the caller acted for
 * @param action        what was done, such as {@code triage.case.read} or {@code visit.create}
 * @param target        what was read or changed when it is not only referrals, such as {@code hub=charnwood-nwl}
 * @param referralIds   the referrals concerned: one, or those a list showed
 * @param clientAddress where the request came from, as the service saw it (behind a proxy, as it forwarded it)
 */
public record AuditEvent(long id, Instant occurredAt, String subject, List<String> roles, List<String> organisations,
        List<String> hubs, String ldu, String action, String target, List<String> referralIds, String clientAddress) {
}
