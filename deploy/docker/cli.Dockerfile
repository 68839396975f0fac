# The advstream command line (trainer, ingest, eval, ...) on a Java 17 runtime, with ND4J's CPU
# natives and Fashion-MNIST in /usr/share/datasets/fashion-mnist, where the commands look first.
# Build from the repository root after 'mvn -DskipTests package':
#   docker build -f deploy/docker/cli.Dockerfile -t advstream-cli:0.1.0-SNAPSHOT .
ARG VERSION=0.1.0-SNAPSHOT

FROM debian:bookworm-slim AS data
RUN apt-get update \
    && apt-get install -y --no-install-recommends dataset-fashion-mnist=0.0~git20200523.55506a9-1 \
    && rm -rf /var/lib/apt/lists/*

FROM eclipse-temurin:17.0.20_8-jre-noble
ARG VERSION
RUN groupadd --system --gid 10001 advstream \
    && useradd --system --uid 10001 --gid advstream --home-dir /var/lib/advstream --create-home advstream
COPY --from=data /usr/share/datasets/fashion-mnist /usr/share/datasets/fashion-mnist
COPY app/target/lib/ /opt/advstream/lib/
COPY app/target/advstream-app-${VERSION}.jar /opt/advstream/advstream-app.jar

# libnd4j's OpenMP threads wait passively between native ops instead of taking the cores
ENV OMP_WAIT_POLICY=passive \
    ADVSTREAM_JAVA_OPTS="-Xmx1g -Dorg.bytedeco.javacpp.maxbytes=768m -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp"
USER 10001:10001
WORKDIR /var/lib/advstream
ENTRYPOINT ["sh", "-c", "exec java $ADVSTREAM_JAVA_OPTS -cp '/opt/advstream/advstream-app.jar:/opt/advstream/lib/*' io.advstream.app.Main \"$@\"", "advstream"]
CMD ["--help"]
