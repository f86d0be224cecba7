#!/bin/sh
# kafka-broker-api-versions.sh of the Kafka distribution (compose's healthcheck runs it): asks a
# broker which API versions it serves; exit 0 when one answers.
exec java -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties -cp '/opt/kafka/libs/*' kafka.admin.BrokerApiVersionsCommand "$@"
