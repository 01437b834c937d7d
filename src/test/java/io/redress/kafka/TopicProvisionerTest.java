package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** The words a provisioning failure is reported in: never an empty reason. */
class TopicProvisionerTest {

  @Test
  void aCauseWithAMessageIsReportedByItsMessage() {
    assertThat(TopicProvisioner.couldNot("create topic t", new IllegalStateException("quota exceeded")))
        .isEqualTo("Could not create topic t: quota exceeded");
  }

  @Test
  void aCauseWithoutAMessageIsReportedByItsClassName() {
    assertThat(TopicProvisioner.couldNot("describe topic t", new UnknownTopicOrPartitionException((String) null)))
        .isEqualTo("Could not describe topic t: org.apache.kafka.common.errors.UnknownTopicOrPartitionException");
  }

  @Test
  void aCauseWithABlankMessageIsReportedByItsClassName() {
    assertThat(TopicProvisioner.couldNot("describe topic t", new UnknownTopicOrPartitionException(" ")))
        .isEqualTo("Could not describe topic t: org.apache.kafka.common.errors.UnknownTopicOrPartitionException");
  }

  @Test
  void aLessonsTopicNotStampedByTheBrokerIsRefusedByItsNameAndForTheDigestWindows() {
    assertThat(TopicProvisioner.notBrokerStamped(Topics.UNPREFIXED, Topics.UNPREFIXED.lessonsAddressed(), "CreateTime"))
        .hasMessageStartingWith("Topic " + Topics.UNPREFIXED.lessonsAddressed() + " exists with message.timestamp.type=CreateTime")
        .hasMessageContaining("each record of " + Topics.UNPREFIXED.lessonsAddressed() + " as the time it entered Kafka")
        .hasMessageContaining("digest windows")
        .hasMessageNotContaining("finding")
        .hasMessageEndingWith("--entity-name " + Topics.UNPREFIXED.lessonsAddressed()
            + " --add-config message.timestamp.type=LogAppendTime");
  }

  @Test
  void anExceptionsTopicNotStampedByTheBrokerIsRefusedForTheAuditThatDatesExceptionsByItsTimes() {
    assertThat(TopicProvisioner.notBrokerStamped(Topics.UNPREFIXED, Topics.UNPREFIXED.exceptions(), "CreateTime"))
        .hasMessageContaining("each record of " + Topics.UNPREFIXED.exceptions() + " as the time it entered Kafka")
        .hasMessageContaining("The audit and what-if date each exception by that time")
        .hasMessageEndingWith("--entity-name " + Topics.UNPREFIXED.exceptions()
            + " --add-config message.timestamp.type=LogAppendTime");
  }

  @Test
  void aFindingsTopicNotStampedByTheBrokerIsRefusedByItsNameAndForTheFindingsJudgedAtItsTimes() {
    assertThat(TopicProvisioner.notBrokerStamped(Topics.UNPREFIXED, Topics.UNPREFIXED.findings(), "CreateTime"))
        .hasMessageContaining("each record of " + Topics.UNPREFIXED.findings() + " as the time it entered Kafka")
        .hasMessageContaining("Every finding is judged at that time")
        .hasMessageNotContaining("digest");
  }
}
