package uk.nhs.homefirst.monitor.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps one of the topology's own compacted topics in a global store on every instance, and an
 * in-memory view of it for the REST resources: the board, or the alert list. The view is rebuilt
 * from the store whenever the processor starts (the store survives a restart; the view does not),
 * then follows each record.
 */
final class GlobalView<V> implements Processor<String, V, Void, Void> {

    private final String storeName;
    private final Consumer<Map<String, V>> rebuild;
    private final BiConsumer<String, V> update;
    private KeyValueStore<String, V> store;

    GlobalView(String storeName, Consumer<Map<String, V>> rebuild, BiConsumer<String, V> update) {
        this.storeName = storeName;
        this.rebuild = rebuild;
        this.update = update;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        Map<String, V> all = new HashMap<>();
        try (KeyValueIterator<String, V> entries = store.all()) {
            entries.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        rebuild.accept(all);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        update.accept(record.key(), record.value());
    }
}
