package uk.nhs.homefirst.allocation.episode;

/**
 * Hub staff close a referral's episode. Text, so that each field is judged and named on its own.
 *
 * @param outcome     a code of {@link uk.nhs.homefirst.events.EpisodeOutcome}
 * @param outcomeDate the day the outcome happened, ISO-8601 ({@code 2026-12-04}), Europe/London
 */
public record EpisodeCloseRequest(String outcome, String outcomeDate) {
}
