package uk.nhs.homefirst.monitor.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
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
     * Events a second, from the start of the streams application to its having processed {@code events};
     * NaN (printed as such) when the application failed or did not finish within {@link #LIMIT}.
     */
    static double rate(String bootstrap, List<String> inputs, long events, Path stateDir) throws InterruptedException {
        AtomicLong processed = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("state"), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled());
        builder.stream(inputs, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new PassThrough(processed), "state")
                .to("engine-limit-out", Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "engine-limit-" + stateDir.getFileName());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
            streams.start();
            long deadline = start + LIMIT.toNanos();
            while (processed.get() < events) {
                KafkaStreams.State state = streams.state();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                        || System.nanoTime() > deadline) {
                    System.out.printf("Kafka Streams pass-through gave up: %s, %,d of %,d events after %d s%n", state,
                            processed.get(), events, (System.nanoTime() - start) / 1_000_000_000);
                    streams.close(Duration.ofSeconds(30));
                    return Double.NaN;
                }
                Thread.sleep(50);
            }
            double rate = events / ((System.nanoTime() - start) / 1e9);
            streams.close(Duration.ofSeconds(30));
            System.out.printf("Kafka Streams pass-through, exactly once: %,.0f events/s%n", rate);
            return rate;
        }
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
