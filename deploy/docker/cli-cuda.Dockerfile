# The advstream command line with ND4J's CUDA 11.6 backend, for the gpu overlay. Build the app with
# the cuda profile first, then from the repository root:
#   mvn -DskipTests -Pcuda package
#   docker build -f deploy/docker/cli-cuda.Dockerfile -t advstream-cli:0.1.0-SNAPSHOT-cuda .
# nd4j-cuda 11.6 has kernels for sm_37 to sm_86 (K80 to A100, RTX 30xx) and no PTX: it does not
# run on Hopper (H100, H200).
ARG VERSION=0.1.0-SNAPSHOT

FROM debian:bookworm-slim AS data
RUN apt-get update \
    && apt-get install -y --no-install-recommends dataset-fashion-mnist=0.0~git20200523.55506a9-1 \
    && rm -rf /var/lib/apt/lists/*

# the CUDA 11.6 runtime and cuDNN 8 that nd4j-cuda-11.6 links against
FROM nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04
ARG VERSION
RUN apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 advstream \
    && useradd --system --uid 10001 --gid advstream --home-dir /var/lib/advstream --create-home advstream
COPY --from=data /usr/share/datasets/fashion-mnist /usr/share/datasets/fashion-mnist
COPY app/target/lib/ /opt/advstream/lib/
COPY app/target/advstream-app-${VERSION}.jar /opt/advstream/advstream-app.jar

ENV OMP_WAIT_POLICY=passive \
    ADVSTREAM_JAVA_OPTS="-Xmx2g -Dorg.bytedeco.javacpp.maxbytes=2g -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp"
USER 10001:10001
WORKDIR /var/lib/advstream
ENTRYPOINT ["sh", "-c", "exec java $ADVSTREAM_JAVA_OPTS -cp '/opt/advstream/advstream-app.jar:/opt/advstream/lib/*' io.advstream.app.Main \"$@\"", "advstream"]
CMD ["--help"]
