package uk.nhs.homefirst.referral.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.referral.status.DeclineReasons;
import uk.nhs.homefirst.referral.status.EpisodeOutcomes;
import uk.nhs.homefirst.referral.status.Milestone;
import uk.nhs.homefirst.referral.status.Progress;
import uk.nhs.homefirst.referral.status.SendBackReasons;
import uk.nhs.homefirst.referral.status.StatusSummary;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.ReferralStatus;
import uk.nhs.homefirst.referral.store.TimelineEntry;

/**
 * Where a referral stands, as the FHIR R4 Task that tracks its ServiceRequest: the same id,
 * {@code focus} the ServiceRequest, {@code status} and {@code statusReason} as below, the pathway as
 * {@code businessStatus}, the hub as {@code owner}, the first visit as {@code executionPeriod.start}, a closed
 * episode's outcome date as {@code executionPeriod.end}; a referral sent back to its LDU is {@code on-hold}, no
 * owner, the send-back's reason as {@code statusReason}. The period never ends before it starts: a first visit
 * after the outcome's day (Europe/London; dated in error, or recorded late) is left out of it, and still shows in
 * the JSON view.
 * No patient identifier: the ServiceRequest has them.
 */
public final class TaskView {

    /** The pathway a referral is on: {@code Task.businessStatus}. */
    public static final String PATHWAY = "https://homefirst.nhs.uk/fhir/CodeSystem/pathway";
    /** Why the LDU declined a referral: {@code Task.statusReason} of a rejected Task. */
    public static final String DECLINE_REASON = "https://homefirst.nhs.uk/fhir/CodeSystem/decline-reason";
    /** Why the referrer cancelled a referral: {@code Task.statusReason} of a cancelled Task. */
    public static final String CANCELLATION_REASON = "https://homefirst.nhs.uk/fhir/CodeSystem/cancellation-reason";
    /** How the episode of care ended: {@code Task.statusReason} of a completed Task. */
    public static final String EPISODE_OUTCOME = "https://homefirst.nhs.uk/fhir/CodeSystem/episode-outcome";
    /** Why the hub sent a referral back to its LDU: {@code Task.statusReason} of an on-hold Task. */
    public static final String SEND_BACK_REASON = "https://homefirst.nhs.uk/fhir/CodeSystem/send-back-reason";
    /** A community hub: {@code Task.owner.identifier}. */
    public static final String HUB = "https://homefirst.nhs.uk/Id/hub";

    /** The zone of an outcome's day. */
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private TaskView() {
    }

    /** The Task status of each referral status; one to one, so that a Task search by status is a referral search. */
    public static Task.TaskStatus status(ReferralStatus status) {
        return switch (status) {
            case RECEIVED -> Task.TaskStatus.RECEIVED;
            case TRIAGED -> Task.TaskStatus.ACCEPTED;
            case DECLINED -> Task.TaskStatus.REJECTED;
            case ALLOCATED -> Task.TaskStatus.READY;
            case VISITED -> Task.TaskStatus.INPROGRESS;
            case CANCELLED -> Task.TaskStatus.CANCELLED;
            case CLOSED -> Task.TaskStatus.COMPLETED;
            case SENT_BACK -> Task.TaskStatus.ONHOLD;
        };
    }

    /** The Task status codes this server uses, in the order of the referral statuses. */
    public static String statusCodes() {
        return String.join(", ", java.util.Arrays.stream(ReferralStatus.values()).map(s -> status(s).toCode()).toList());
    }

    public static Task of(Referral referral, List<TimelineEntry> timeline) {
        List<Milestone> milestones = new ArrayList<>(referral.ownMilestones());
        timeline.forEach(entry -> milestones.add(entry.milestone()));
        StatusSummary summary = Progress.summary(milestones);
        Instant modified = referral.statusChangedAt != null ? referral.statusChangedAt : referral.receivedAt;

        Task task = new Task();
        task.setId(referral.id.toString());
        // The version counts the status changes: a client that saw version n knows whether it missed one.
        task.getMeta().setVersionId(Integer.toString(referral.statusSequence + 1))
                .setLastUpdatedElement(new InstantType(modified.toString()));
        task.addIdentifier().setSystem(FhirCodings.REFERRAL_ID).setValue(referral.id.toString());
        task.addBasedOn(new Reference("ServiceRequest/" + referral.id));
        task.setFocus(new Reference("ServiceRequest/" + referral.id));
        task.setIntent(Task.TaskIntent.ORDER);
        task.setStatus(status(summary.status()));
        task.getCode().addCoding().setSystem("http://hl7.org/fhir/CodeSystem/task-code").setCode("fulfill")
                .setDisplay("Fulfill the focal request");
        task.setAuthoredOnElement(new DateTimeType(referral.receivedAt.toString()));
        task.setLastModifiedElement(new DateTimeType(modified.toString()));
        task.setRequester(new Reference().setType("Organization").setIdentifier(
                new Identifier().setSystem(FhirCodings.ODS_ORGANIZATION_CODE).setValue(referral.referrerOdsCode)));
        if (summary.pathway() != null) {
            task.setBusinessStatus(pathway(summary.pathway()));
        }
        if (summary.status() == ReferralStatus.DECLINED) {
            task.setStatusReason(new CodeableConcept(new Coding(DECLINE_REASON, summary.reasonCode(), null))
                    .setText(DeclineReasons.words(summary.reasonCode())));
        } else if (summary.status() == ReferralStatus.CANCELLED && referral.cancellationReason != null) {
            task.setStatusReason(new CodeableConcept(new Coding(CANCELLATION_REASON, referral.cancellationReason.name(),
                    null)).setText(referral.cancellationText));
        } else if (summary.status() == ReferralStatus.SENT_BACK) {
            String words = SendBackReasons.words(summary.reasonCode());
            task.setStatusReason(new CodeableConcept(new Coding(SEND_BACK_REASON, summary.reasonCode(), null)).setText(words));
        } else if (summary.status() == ReferralStatus.CLOSED) {
            // statusReason, not businessStatus: R4 gives statusReason the reason for the current status (why it is
            // completed: how the episode ended), and businessStatus keeps the pathway, as in every other status.
            task.setStatusReason(new CodeableConcept(new Coding(EPISODE_OUTCOME, summary.reasonCode(),
                    EpisodeOutcomes.words(summary.reasonCode()))).setText(EpisodeOutcomes.words(summary.reasonCode())));
            task.getExecutionPeriod().setEndElement(new DateTimeType(summary.outcomeDate().toString()));
        }
        if (summary.hubId() != null) {
            task.setOwner(new Reference().setType("Organization").setDisplay(summary.hubId())
                    .setIdentifier(new Identifier().setSystem(HUB).setValue(summary.hubId())));
        }
        if (summary.firstVisitAt() != null && (summary.status() != ReferralStatus.CLOSED || summary.outcomeDate() == null
                || !LocalDate.ofInstant(summary.firstVisitAt(), LONDON).isAfter(summary.outcomeDate()))) {
            task.getExecutionPeriod().setStartElement(new DateTimeType(summary.firstVisitAt().toString()));
        }
        return task;
    }

    static CodeableConcept pathway(Pathway pathway) {
        String words = pathway.name().charAt(0) + pathway.name().substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
        return new CodeableConcept(new Coding(PATHWAY, pathway.name(), words)).setText(words);
    }
}
