package uk.nhs.homefirst.monitor.alert;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts and warnings every instance lists, as the topology published them: open alerts, and
 * alerts resolved and clocks warned at risk recently. Fed by one thread, read by many.
 */
public final class AlertList {

    /** One entry of the list: an alert or a warning. */
    public record Entry(Alert alert, Warning warning) {
    }

    private final Map<String, Entry> entries = new HashMap<>();

    public synchronized void update(String key, Entry entry) {
        if (entry == null) {
            entries.remove(key);
        } else {
            entries.put(key, entry);
        }
    }

    public synchronized void replaceAll(Map<String, Entry> all) {
        entries.clear();
        entries.putAll(all);
    }

    /** The open alerts, and those resolved at or after {@code since}, newest first. */
    public synchronized List<Alert> alerts(Instant since) {
        return entries.values().stream().map(Entry::alert)
                .filter(a -> a != null && (a.open() || !a.resolvedAt().isBefore(since)))
                .sorted(Comparator.comparing(Alert::raisedAt).reversed()).toList();
    }

    /** The clocks announced at risk at or after {@code since}, newest first, at most {@code limit}. */
    public synchronized List<Warning> warnings(Instant since, int limit) {
        return entries.values().stream().map(Entry::warning)
                .filter(w -> w != null && !w.warnedAt().isBefore(since))
                .sorted(Comparator.comparing(Warning::warnedAt).reversed()).limit(limit).toList();
    }
}
