package dev.berth.common.events;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates topics when they are missing (broker defaults unless configs are given), so readers that assign partitions always find them. */
public final class TopicSetup {
    private static final Logger LOG = Logger.getLogger(TopicSetup.class.getName());

    private TopicSetup() {
    }

    public static void ensure(String bootstrap, List<String> topics) {
        ensure(bootstrap, topics, java.util.Map.of());
    }

    /** As {@link #ensure(String, List)}, topics made here get {@code configs} (e.g. a short retention). */
    public static void ensure(String bootstrap, List<String> topics, java.util.Map<String, String> configs) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        KafkaCredentials.apply(props);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, java.util.Optional.empty(), java.util.Optional.empty())
                            .configs(configs))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.log(java.util.logging.Level.WARNING, "could not check the topics " + topics + "; will rely on auto-creation", e);
        }
    }
}
