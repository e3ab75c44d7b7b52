package uk.nhs.homefirst.monitor.window;

import java.util.Arrays;

/**
 * A sorted multiset of times (epoch nanoseconds) in one growing array. Counting the times within a window
 * is two binary searches, so it does not grow with the length of the history. Times mostly arrive
 * in order, so an insert is usually an append.
 */
public final class SortedTimes {

    private long[] times = new long[16];

    /** An instant as epoch nanoseconds, so that window edges are exact whatever precision events carry. */
    public static long nanos(java.time.Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
    private int size;

    public void add(long time) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
        }
        int at = upperBound(time);
        System.arraycopy(times, at, times, at + 1, size - at);
        times[at] = time;
        size++;
    }

    /**
     * Adds the first {@code count} of {@code more}, which it sorts: one merge, rather than an
     * insertion each (a replay puts hundreds of thousands of clocks on the board at once).
     */
    void addAll(long[] more, int count) {
        if (count == 0) {
            return;
        }
        Arrays.sort(more, 0, count);
        long[] merged = new long[Math.max(16, size + count + (size + count) / 4)];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < size && j < count) {
            merged[k++] = times[i] <= more[j] ? times[i++] : more[j++];
        }
        while (i < size) {
            merged[k++] = times[i++];
        }
        while (j < count) {
            merged[k++] = more[j++];
        }
        times = merged;
        size = k;
    }

    /** Removes one occurrence of {@code time}. Returns whether there was one. */
    public boolean remove(long time) {
        int at = lowerBound(time);
        if (at == size || times[at] != time) {
            return false;
        }
        System.arraycopy(times, at + 1, times, at, size - at - 1);
        size--;
        return true;
    }

    /** How many times t satisfy {@code from < t <= to}. */
    public int countAfterUpTo(long from, long to) {
        if (to <= from) {
            return 0;
        }
        return upperBound(to) - upperBound(from);
    }

    /** Whether some time is after {@code time}. */
    boolean latestAfter(long time) {
        return size > 0 && times[size - 1] > time;
    }

    public int size() {
        return size;
    }

    /** The first index whose time is >= {@code time}. */
    private int lowerBound(long time) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The first index whose time is > {@code time}. */
    private int upperBound(long time) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] <= time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
