package uk.nhs.homefirst.monitor.alert;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Topics;

/**
 * The alerts as they happen, for the server-sent-events stream. This instance reads target-alerts
 * from its end, outside any consumer group, so every instance streams every alert, whichever
 * instance announced it. Only committed records: the topology writes them in transactions.
 *
 * <p>Each event's id is where the stream stands after it: the next offset of every partition
 * ({@code 0:12,1:40,...}). A client that reconnects with it as {@code Last-Event-ID} (a browser's
 * EventSource does so by itself) is first given everything after that from the topic, then the live
 * events. A client too slow to keep up is not dropped silently: it gets a {@code cut-off} event and
 * the stream ends, and its reconnection catches it up. A gap the topic's retention has already
 * deleted is announced as a {@code gap} event, after which {@code GET /api/alerts} has the picture.
 */
@ApplicationScoped
public class AlertFeed {

    private static final Logger LOG = Logger.getLogger(AlertFeed.class);
    /** Events held for one client that is not reading, before it is cut off. */
    static final int BUFFER = 1_000;
    /** How often a client is sent a heartbeat (a comment), so that proxies keep its connection open. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Not an event: a heartbeat. */
    public static final AlertEvent HEARTBEAT_EVENT = new AlertEvent(null, null, null);

    /**
     * One event of the stream: its id (see above), its SSE name (the CloudEvent type's short name,
     * or {@code cut-off} and {@code gap}) and its data as JSON.
     */
    public record AlertEvent(String id, String name, String json) {
    }

    /** One live client: events the feed reads while the client is still catching up wait in {@code pending}. */
    private static final class Subscriber {
        final MultiEmitter<? super AlertEvent> emitter;
        List<Positioned> pending = new ArrayList<>();

        Subscriber(MultiEmitter<? super AlertEvent> emitter) {
            this.emitter = emitter;
        }
    }

    /** An event with the partition and offset it was read at. */
    private record Positioned(int partition, long offset, AlertEvent event) {
    }

    private final Map<String, Object> kafkaConfig;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** The next offset of each partition, as far as the feed has read. Guarded by {@code this}. */
    private final TreeMap<Integer, Long> positions = new TreeMap<>();
    private volatile boolean running;
    private volatile boolean started;
    private KafkaConsumer<String, String> consumer;

    AlertFeed(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    void start(@Observes StartupEvent startup) {
        consumer = newConsumer("target-monitor-alert-feed-" + ProcessHandle.current().pid());
        running = true;
        Thread worker = new Thread(this::run, "alert-feed");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        subscribers.forEach(s -> s.emitter.complete());
    }

    /**
     * The events from now on or, given the {@code Last-Event-ID} of a stream, from just after it.
     * A {@code from} that is not one of this feed's ids is ignored.
     */
    public Multi<AlertEvent> events(String from) {
        Map<Integer, Long> resumeAt = parse(from);
        Multi<AlertEvent> events = Multi.createFrom().<AlertEvent>emitter(emitter -> {
            Subscriber subscriber = new Subscriber(emitter);
            Map<Integer, Long> upTo;
            synchronized (this) {
                upTo = new TreeMap<>(positions);
                if (resumeAt == null || !started) {
                    subscriber.pending = null;
                }
                subscribers.add(subscriber);
            }
            emitter.onTermination(() -> subscribers.remove(subscriber));
            if (subscriber.pending != null) {
                Infrastructure.getDefaultWorkerPool().execute(() -> catchUp(subscriber, resumeAt, upTo));
            }
        }, BUFFER);
        return events.onFailure(BackPressureFailure.class).recoverWithItem(failure -> new AlertEvent(null, "cut-off",
                "{\"reason\":\"the client did not keep up; reconnect with Last-Event-ID to catch up\"}"));
    }

    /** Sends a resuming client what it missed, from the topic, then what the feed read meanwhile. */
    private void catchUp(Subscriber subscriber, Map<Integer, Long> from, Map<Integer, Long> upTo) {
        try (KafkaConsumer<String, String> reader = newConsumer("target-monitor-alert-catch-up-" + ProcessHandle.current().pid())) {
            Map<Integer, Long> at = new TreeMap<>(upTo);
            List<TopicPartition> partitions = new ArrayList<>();
            upTo.keySet().forEach(p -> partitions.add(new TopicPartition(Topics.TARGET_ALERTS, p)));
            reader.assign(partitions);
            Map<TopicPartition, Long> starts = reader.beginningOffsets(partitions);
            boolean gap = false;
            for (TopicPartition partition : partitions) {
                long resume = from.getOrDefault(partition.partition(), 0L);
                gap |= resume < starts.get(partition);
                at.put(partition.partition(), Math.min(resume, upTo.get(partition.partition())));
                reader.seek(partition, Math.max(resume, starts.get(partition)));
            }
            if (gap) {
                subscriber.emitter.emit(new AlertEvent(null, "gap",
                        "{\"reason\":\"events older than the topic's retention were missed; GET /api/alerts has the picture\"}"));
            }
            while (at.entrySet().stream().anyMatch(e -> reader.position(new TopicPartition(Topics.TARGET_ALERTS, e.getKey()))
                    < upTo.get(e.getKey()))) {
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.offset() < upTo.get(record.partition())) {
                        at.put(record.partition(), record.offset() + 1);
                        subscriber.emitter.emit(event(record, at));
                    }
                }
                for (TopicPartition partition : partitions) {
                    // Aborted transactions and markers leave offsets no record is read at.
                    at.put(partition.partition(), Math.max(at.get(partition.partition()),
                            Math.min(reader.position(partition), upTo.get(partition.partition()))));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not catch a client of the alert stream up: %s", e.toString());
        }
        synchronized (this) {
            subscriber.pending.forEach(p -> subscriber.emitter.emit(p.event()));
            subscriber.pending = null;
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TARGET_ALERTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            synchronized (this) {
                partitions.forEach(p -> positions.put(p.partition(), consumer.position(p)));
                started = true;
            }
            long heartbeatDue = System.nanoTime() + HEARTBEAT.toNanos();
            while (running) {
                if (System.nanoTime() - heartbeatDue >= 0) {
                    heartbeatDue += HEARTBEAT.toNanos();
                    synchronized (this) {
                        subscribers.stream().filter(s -> s.pending == null).forEach(s -> s.emitter.emit(HEARTBEAT_EVENT));
                    }
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    synchronized (this) {
                        positions.put(record.partition(), record.offset() + 1);
                        Positioned positioned = new Positioned(record.partition(), record.offset(), event(record, positions));
                        for (Subscriber subscriber : subscribers) {
                            if (subscriber.pending != null) {
                                subscriber.pending.add(positioned);
                            } else {
                                subscriber.emitter.emit(positioned.event());
                            }
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "The alert feed stopped");
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private KafkaConsumer<String, String> newConsumer(String clientId) {
        Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaConsumer<>(properties);
    }

    private static AlertEvent event(ConsumerRecord<String, String> record, Map<Integer, Long> positions) {
        StringBuilder id = new StringBuilder();
        positions.forEach((partition, offset) -> id.append(id.isEmpty() ? "" : ",").append(partition).append(':').append(offset));
        return new AlertEvent(id.toString(), shortName(header(record, CloudEventHeaders.TYPE)), record.value());
    }

    /** {@code 0:12,1:40} as partition → next offset; null when it is not such an id. */
    static Map<Integer, Long> parse(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        Map<Integer, Long> positions = new TreeMap<>();
        try {
            for (String part : id.split(",")) {
                int colon = part.indexOf(':');
                positions.put(Integer.parseInt(part.substring(0, colon).trim()), Long.parseLong(part.substring(colon + 1).trim()));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return positions;
    }

    /** {@code uk.nhs.homefirst.TargetAlertRaised.v1} is named TargetAlertRaised. */
    private static String shortName(String type) {
        if (type == null) {
            return "message";
        }
        String[] parts = type.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : type;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
