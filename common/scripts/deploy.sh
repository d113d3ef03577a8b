{%- set name = cookiecutter.service_name | replace("_", "-") -%}
#!/usr/bin/env bash
# Deploys one image of {{ cookiecutter.service_name }} to the cluster of the current kubectl
# context: applies deploy/k8s with the image pinned, then waits for the rollout. A rollout
# that is not ready in time is undone (the previous version keeps serving) and the script fails.
# CI/CD runs it on every release; rolling back is running it with an earlier tag.
set -euo pipefail

usage() {
    cat >&2 <<USAGE
Usage: scripts/deploy.sh IMAGE TAG
  IMAGE  registry image without tag, e.g. ghcr.io/acme/{{ name }}
  TAG    the release, e.g. sha-<commit>
Environment: KUBECONFIG (kubectl's), KUBE_NAMESPACE (default: the context's namespace),
ROLLOUT_TIMEOUT (default: 5m).
USAGE
    exit 2
}

[[ $# -eq 2 && -n $1 && -n $2 ]] || usage
image=$1
tag=$2
timeout=${ROLLOUT_TIMEOUT:-5m}
kubectl=(kubectl)
if [[ -n ${KUBE_NAMESPACE:-} ]]; then
    kubectl+=(--namespace "$KUBE_NAMESPACE")
fi

# A throwaway overlay of deploy/k8s that sets the image of this release.
root=$(cd "$(dirname "$0")/.." && pwd)
overlay=$(mktemp -d "$root/deploy/release.XXXXXX")
trap 'rm -rf "$overlay"' EXIT
cat >"$overlay/kustomization.yaml" <<KUSTOMIZATION
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../k8s
images:
  - name: {{ name }}
    newName: $image
    newTag: $tag
KUSTOMIZATION

echo "Deploying $image:$tag"
"${kubectl[@]}" apply -k "$overlay"
"${kubectl[@]}" annotate deployment/{{ name }} --overwrite \
    kubernetes.io/change-cause="$image:$tag"
if ! "${kubectl[@]}" rollout status deployment/{{ name }} --timeout="$timeout"; then
    echo "$image:$tag was not ready within $timeout: undoing the rollout" >&2
    "${kubectl[@]}" rollout undo deployment/{{ name }}
    exit 1
fi
echo "Deployed $image:$tag"
