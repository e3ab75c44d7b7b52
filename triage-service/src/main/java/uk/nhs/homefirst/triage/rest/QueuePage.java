package uk.nhs.homefirst.triage.rest;

import java.util.List;

/**
 * One page of the triage queue.
 *
 * @param page       the page number, from 0
 * @param totalItems how many cases the whole queue (with its filter) holds
 */
public record QueuePage(int page, int size, long totalItems, long totalPages, List<QueueItem> items) {
}
