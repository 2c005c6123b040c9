package dev.berth.common.events;

import java.util.Map;
import java.util.Properties;

/**
 * How a berth process logs in to Kafka, for the clients it makes itself (the services' SmallRye channels get the
 * same settings from {@code kafka.*} in berth-service-defaults.properties): SASL over the listener, SCRAM-SHA-256
 * as user {@code berth} with the generated password, unless {@code BERTH_KAFKA_SECURITY_PROTOCOL} and friends say
 * otherwise (an existing cluster's own settings).
 */
public final class KafkaCredentials {
    private KafkaCredentials() {
    }

    /** Adds the security settings to a Kafka client's properties. */
    public static Properties apply(Properties props) {
        return apply(props, System.getenv());
    }

    static Properties apply(Properties props, Map<String, String> env) {
        String protocol = env.getOrDefault("BERTH_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        props.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            props.put("sasl.mechanism", env.getOrDefault("BERTH_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256"));
            props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + quoted(env.getOrDefault("BERTH_KAFKA_USER", "berth")) + "\""
                    + " password=\"" + quoted(env.getOrDefault("BERTH_KAFKA_PASSWORD", "")) + "\";");
        }
        return props;
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
