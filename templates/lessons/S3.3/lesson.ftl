<#-- Public read and write access are both closed by Block Public Access: the S3.8 lesson teaches it. -->
<#include "../S3.8/lesson.ftl">
