package uk.nhs.homefirst.monitor.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import uk.nhs.homefirst.monitor.topology.CatchUp;

/**
 * What Kafka Streams itself does with the monitor's input on this machine, as the limit beside the
 * monitor's catch-up: the same four topics, exactly once, two stream threads, a cached RocksDB
 * store with its changelog, and per event one read and one write of the referral's state and one
 * record out. The monitor's own work (reading each event against its schema, the clock rules, the
 * board, the judges and the figures) is what it adds to this.
 */
final class EngineLimit {

    private EngineLimit() {
    }

    /** How long the pass-through may take before the figure is given up: a loaded machine must not hang the run. */
    private static final Duration LIMIT = Duration.ofMinutes(10);

    /**
     * Events a second, from the start of the streams application to its group's committed offsets
     * reaching the inputs' ends as they stood at the start (as the monitor's own catch-up is judged);
     * NaN (printed as such) when the application failed or did not finish within {@link #LIMIT}.
     * The ends, not a count of the records sent: a send that failed leaves the count short of what is
     * there, and a transaction's commit marker takes an offset that no record fills.
     */
    static double rate(String bootstrap, List<String> inputs, Path stateDir) throws Exception {
        return rate(bootstrap, inputs, stateDir, LIMIT);
    }

    static double rate(String bootstrap, List<String> inputs, Path stateDir, Duration limit) throws Exception {
        AtomicLong processed = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("state"), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled());
        builder.stream(inputs, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new PassThrough(processed), "state")
                .to("engine-limit-out", Produced.with(Serdes.String(), Serdes.ByteArray()));
        String applicationId = "engine-limit-" + stateDir.getFileName();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, long[]> span = CatchUp.offsets(admin, inputs, Duration.ofSeconds(30));
            long events = span.values().stream().mapToLong(s -> s[1] - s[0]).sum();
            long start = System.nanoTime();
            try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
                streams.start();
                long deadline = start + limit.toNanos();
                Map<TopicPartition, Long> behind;
                while (!(behind = behind(admin, applicationId, span)).isEmpty()) {
                    KafkaStreams.State state = streams.state();
                    if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                            || System.nanoTime() > deadline) {
                        System.out.printf("Kafka Streams pass-through gave up: %s after %d s, %,d records processed of %,d"
                                + " between the inputs' starts and ends; behind: %s%n", state,
                                (System.nanoTime() - start) / 1_000_000_000, processed.get(), events, behind);
                        streams.close(Duration.ofSeconds(30));
                        return Double.NaN;
                    }
                    Thread.sleep(100);
                }
                double rate = events / ((System.nanoTime() - start) / 1e9);
                streams.close(Duration.ofSeconds(30));
                System.out.printf("Kafka Streams pass-through, exactly once: %,.0f events/s (%,d input offsets; %,d"
                        + " records processed, more if a transaction was retried)%n", rate, events, processed.get());
                return rate;
            }
        }
    }

    /** The partitions whose group offset is short of the end, with how far; empty once all are read. */
    private static Map<TopicPartition, Long> behind(Admin admin, String group, Map<TopicPartition, long[]> span)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> behind = new HashMap<>();
        span.forEach((tp, s) -> {
            OffsetAndMetadata read = committed.get(tp);
            long at = read == null ? s[0] : read.offset();
            if (s[1] > s[0] && at < s[1]) {
                behind.put(tp, s[1] - at);
            }
        });
        return behind;
    }

    /** Appends each event to its referral's state and sends it on: the least a stateful consumer of the history does. */
    private static final class PassThrough implements Processor<String, byte[], String, byte[]> {

        private final AtomicLong processed;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> state;

        PassThrough(AtomicLong processed) {
            this.processed = processed;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.state = context.getStateStore("state");
        }

        @Override
        public void process(Record<String, byte[]> record) {
            byte[] before = state.get(record.key());
            byte[] value = record.value() == null ? new byte[0] : record.value();
            byte[] after = before == null ? value : new byte[before.length + value.length];
            if (before != null) {
                System.arraycopy(before, 0, after, 0, before.length);
                System.arraycopy(value, 0, after, before.length, value.length);
            }
            state.put(record.key(), after);
            context.forward(record.withValue(value));
            processed.incrementAndGet();
        }
    }
}
