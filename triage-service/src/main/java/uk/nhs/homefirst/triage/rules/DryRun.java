package uk.nhs.homefirst.triage.rules;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.RequestedUrgency;

/**
 * How past referrals would have gone under a draft table: each one's first decision by the rules
 * against the draft's, and, where a clinician has re-triaged it since, which of the two agreed with
 * the clinician. Reads no patient data: referral ids and the rules' inputs only.
 */
public final class DryRun {

    /**
     * A referral the rules decided.
     *
     * @param current the pathway it is on now, by a clinician's decision; null while the rules' decision stands
     */
    public record Past(UUID referralId, RequestedUrgency urgency, Set<ClinicalNeed> needs, Integer dischargePathway,
            Pathway decided, String decidedRule, Integer decidedVersion, Pathway current) {
    }

    public record Change(UUID referralId, Pathway decided, String decidedRule, Integer decidedVersion, Pathway draft,
            String draftRule, Pathway clinician) {
    }

    /**
     * @param referrals          decided by the rules in the period
     * @param decidedByPathway   how many the rules put on each pathway
     * @param draftByPathway     how many the draft would put there
     * @param reTriaged          how many a clinician moved to another pathway since
     * @param draftAgrees        of those, how many the draft puts where the clinician did
     * @param draftDisagrees     how many the draft moves away from the pathway a clinician confirmed
     */
    public record Result(int referrals, int changed, Map<Pathway, Integer> decidedByPathway,
            Map<Pathway, Integer> draftByPathway, int reTriaged, int draftAgrees, int draftDisagrees, List<Change> changes) {
    }

    private DryRun() {
    }

    public static Result of(List<Past> past, RuleTable draft, int changesShown) {
        Map<Pathway, Integer> decided = new EnumMap<>(Pathway.class);
        Map<Pathway, Integer> drafted = new EnumMap<>(Pathway.class);
        List<Change> changes = new ArrayList<>();
        int changed = 0;
        int reTriaged = 0;
        int agrees = 0;
        int disagrees = 0;
        for (Past p : past) {
            RuleRow row = draft.decide(TriageRules.Facts.of(p.urgency(), p.needs(), p.dischargePathway()));
            decided.merge(p.decided(), 1, Integer::sum);
            drafted.merge(row.pathway(), 1, Integer::sum);
            if (p.current() != null && p.current() != p.decided()) {
                reTriaged++;
                if (row.pathway() == p.current()) {
                    agrees++;
                }
            }
            boolean clinicianAgreedWithRules = p.current() != null && p.current() == p.decided();
            if (row.pathway() != p.decided()) {
                changed++;
                if (clinicianAgreedWithRules) {
                    disagrees++;
                }
                if (changes.size() < changesShown) {
                    changes.add(new Change(p.referralId(), p.decided(), p.decidedRule(), p.decidedVersion(), row.pathway(),
                            row.code(), p.current()));
                }
            }
        }
        return new Result(past.size(), changed, decided, drafted, reTriaged, agrees, disagrees, changes);
    }
}
