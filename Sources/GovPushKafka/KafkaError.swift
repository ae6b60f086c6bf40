// placeholder, replaced by the Kafka layer
