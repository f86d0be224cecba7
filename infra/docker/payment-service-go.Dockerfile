# The Go payment-service's image (docker-compose.go.yml). The binary is built on the host first,
# statically, from the Go module proxy:
#   CGO_ENABLED=0 apps/payment-service-go/scripts/go.sh build -o bin/payment-service ./cmd/payment-service
# The base is the apps' own (Node only runs the shared image healthcheck); migrations stay with
# payment-service-migrate, which applies the same files.
ARG NODE_VERSION=24.21.0
FROM node:${NODE_VERSION}-alpine
WORKDIR /app
COPY apps/payment-service-go/bin/payment-service /app/payment-service
COPY infra/docker/healthcheck.mjs /app/healthcheck.mjs
ENV PORT=3005 HOST=0.0.0.0
USER node
EXPOSE 3005
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=6 \
    CMD ["node", "/app/healthcheck.mjs"]
CMD ["/app/payment-service"]
