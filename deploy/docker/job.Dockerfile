# The AugmentJob for the Flink Kubernetes Operator (application mode): Flink's official image with
# the job jar in usrlib. Build from the repository root after 'mvn -DskipTests package':
#   docker build -f deploy/docker/job.Dockerfile -t advstream-job:0.1.0-SNAPSHOT .
FROM flink:2.2.1-scala_2.12-java17

COPY --chown=flink:flink app/target/advstream-job.jar /opt/flink/usrlib/advstream-job.jar

# the image's own user (uid 9999), not root
USER flink
