package dev.berth.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaCredentialsTest {
    @Test
    void scramOverSaslByDefault() {
        Properties props = KafkaCredentials.apply(new Properties(), Map.of("BERTH_KAFKA_PASSWORD", "p\"w"));
        assertEquals("SASL_PLAINTEXT", props.get("security.protocol"));
        assertEquals("SCRAM-SHA-256", props.get("sasl.mechanism"));
        String jaas = (String) props.get("sasl.jaas.config");
        assertTrue(jaas.contains("username=\"berth\""), jaas);
        assertTrue(jaas.contains("password=\"p\\\"w\""), jaas);
    }

    @Test
    void anExistingClustersOwnSettings() {
        Properties plain = KafkaCredentials.apply(new Properties(), Map.of("BERTH_KAFKA_SECURITY_PROTOCOL", "SSL"));
        assertEquals("SSL", plain.get("security.protocol"));
        assertFalse(plain.containsKey("sasl.jaas.config"));
        Properties other = KafkaCredentials.apply(new Properties(), Map.of("BERTH_KAFKA_SECURITY_PROTOCOL",
                "SASL_SSL", "BERTH_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "BERTH_KAFKA_USER", "ops"));
        assertEquals("SCRAM-SHA-512", other.get("sasl.mechanism"));
        assertTrue(((String) other.get("sasl.jaas.config")).contains("username=\"ops\""));
    }
}
