package uk.nhs.homefirst.allocation.episode;

/**
 * The 91-day follow-up recorded against a closed episode.
 *
 * @param stillAtHome YES, NO or UNKNOWN
 * @param checkedOn   the day it was checked, ISO-8601 ({@code 2027-03-10}), Europe/London
 */
public record FollowUpRequest(String stillAtHome, String checkedOn) {
}
