// librdkafka's client API and its mock cluster (Debian's librdkafka-dev).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
