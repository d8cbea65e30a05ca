/**
 * `.devcontainer/Dockerfile`. The base image is a build argument (a mirror, a locally built
 * image); an extra CA certificate (TLS-inspecting proxies, corporate networks) can be handed in
 * as PEM text and is trusted by the system, git, npm and Node. Docker, the AWS CLI and Terraform
 * come from dev container features (devcontainer.json), not from here.
 */
export function renderDevContainerDockerfile(defaultBaseImage: string): string[] {
  return [
    '# The editor builds this through devcontainer.json; by hand, from the repository root:',
    '#   docker build -f .devcontainer/Dockerfile [--build-arg BASE_IMAGE=...] [--build-arg EXTRA_CA_CERT="$(cat ca.pem)"] .devcontainer',
    `ARG BASE_IMAGE=${defaultBaseImage}`,
    'FROM ${BASE_IMAGE}',
    '',
    'ARG EXTRA_CA_CERT=""',
    'USER root',
    'RUN if [ -n "$EXTRA_CA_CERT" ]; then \\',
    '      printf \'%s\\n\' "$EXTRA_CA_CERT" > /usr/local/share/ca-certificates/extra-ca.crt && update-ca-certificates; \\',
    '    fi \\',
    '    && mkdir -p /home/node/.npm && chown 1000:1000 /home/node/.npm',
    '# Node trusts the system bundle too, which holds the extra certificate when one was given.',
    'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt',
  ];
}
