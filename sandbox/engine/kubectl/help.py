"""`kubectl help`, `--help`, unknown commands (`Did you mean this?`) and commands the sandbox lacks."""

from __future__ import annotations

from .parser import KubectlError
from .texts import SUPPORTED_COMMANDS, text

# kubectl's root command's subcommands in the order cobra holds them (suggestions come in this order).
KUBECTL_COMMANDS = (
    "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale", "autoscale",
    "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint", "describe", "logs", "attach",
    "exec", "port-forward", "proxy", "cp", "auth", "debug", "events", "diff", "apply", "patch", "replace", "wait",
    "kustomize", "label", "annotate", "completion", "api-resources", "api-versions", "config", "plugin", "version",
    "options", "help",
)
ALIASES = {"clusterinfo": "cluster-info"}

ROOT_HELP = """kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  certificate     Modify certificate resources
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  proxy           Run a proxy to the Kubernetes API server
  cp              Copy files and directories to and from containers
  auth            Inspect authorization
  debug           Create debugging sessions for troubleshooting workloads and nodes
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources
  kustomize       Build a kustomization target from a directory or URL

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource
  completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)

Subcommands provided by plugins:

Other Commands:
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of "group/version"
  config          Modify kubeconfig files
  plugin          Provides utilities for interacting with plugins
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""

# command path -> (first line of kubectl's long description, usage line)
USAGE = {
    "get": ("Display one or many resources.",
            "kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|"
            "jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] "
            "[NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]"),
    "apply": ("Apply a configuration to a resource by file name or stdin.", "kubectl apply (-f FILENAME | -k DIRECTORY) [options]"),
    "create": ("Create a resource from a file or from stdin.", "kubectl create -f FILENAME [options]"),
    "create deployment": ("Create a deployment with the specified name.",
                          "kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]"),
    "create service": ("Create a service using a specified subcommand.", "kubectl create service [flags] [options]"),
    "create service clusterip": ("Create a ClusterIP service with the specified name.",
                                 "kubectl create service clusterip NAME [--tcp=<port>:<targetPort>] "
                                 "[--dry-run=server|client|none] [options]"),
    "create service nodeport": ("Create a NodePort service with the specified name.",
                                "kubectl create service nodeport NAME [--tcp=port:targetPort] "
                                "[--dry-run=server|client|none] [options]"),
    "create service loadbalancer": ("Create a LoadBalancer service with the specified name.",
                                    "kubectl create service loadbalancer NAME [--tcp=port:targetPort] "
                                    "[--dry-run=server|client|none] [options]"),
    "create service externalname": ("Create an ExternalName service with the specified name.",
                                    "kubectl create service externalname NAME --external-name external.name "
                                    "[--dry-run=server|client|none] [options]"),
    "create namespace": ("Create a namespace with the specified name.",
                         "kubectl create namespace NAME [--dry-run=server|client|none] [options]"),
    "create configmap": ("Create a config map based on a file, directory, or specified literal value.",
                         "kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] "
                         "[--dry-run=server|client|none] [options]"),
    "create secret": ("Create a secret with specified type.", "kubectl create secret (docker-registry | generic | tls) [options]"),
    "create secret generic": ("Create a secret based on a file, directory, or specified literal value.",
                              "kubectl create secret generic NAME [--type=string] [--from-file=[key=]source] "
                              "[--from-literal=key1=value1] [--dry-run=server|client|none] [options]"),
    "create job": ("Create a job with the specified name.",
                   "kubectl create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]"),
    "create cronjob": ("Create a cron job with the specified name.",
                       "kubectl create cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...] "
                       "[flags] [options]"),
    "create ingress": ("Create an ingress with the specified name.",
                       "kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]  [options]"),
    "create serviceaccount": ("Create a service account with the specified name.",
                              "kubectl create serviceaccount NAME [--dry-run=server|client|none] [options]"),
    "run": ("Create and run a particular image in a pod.",
            'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] '
            "[--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]"),
    "delete": ("Delete resources by file names, stdin, resources and names, or by resources and label selector.",
               "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]"),
    "describe": ("Show details of a specific resource or group of resources.",
                 "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]"),
    "scale": ("Set a new size for a deployment, replica set, replication controller, or stateful set.",
              "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT "
              "(-f FILENAME | TYPE NAME) [options]"),
    "label": ("Update the labels on a resource.",
              "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N "
              "[--resource-version=version] [options]"),
    "annotate": ("Update the annotations on one or more resources.",
                 "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N "
                 "[--resource-version=version] [options]"),
    "expose": ("Expose a resource as a new Kubernetes service.",
               "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] "
               "[--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] "
               "[options]"),
    "logs": ("Print the logs for a container in a pod or specified resource. If the pod has only one container, the "
             "container name is optional.",
             "kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]"),
    "cordon": ("Mark node as unschedulable.", "kubectl cordon NODE [options]"),
    "uncordon": ("Mark node as schedulable.", "kubectl uncordon NODE [options]"),
    "drain": ("Drain node in preparation for maintenance.", "kubectl drain NODE [options]"),
    "exec": ("Execute a command in a container.",
             "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]"),
    "set": ("Configure application resources.", "kubectl set SUBCOMMAND [options]"),
    "set image": ("Update existing container image(s) of resources.",
                  "kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... "
                  "CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]"),
    "patch": ("Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.",
              "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]"),
    "edit": ("Edit a resource from the default editor.", "kubectl edit (RESOURCE/NAME | -f FILENAME) [options]"),
    "explain": ("Describe fields and structure of various resources.",
                "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] "
                "[-o|--output=plaintext|plaintext-openapiv2] [options]"),
    "api-resources": ("Print the supported API resources on the server.", "kubectl api-resources [flags] [options]"),
    "api-versions": ('Print the supported API versions on the server, in the form of "group/version".',
                     "kubectl api-versions [options]"),
    "version": ("Print the client and server version information for the current context.",
                "kubectl version [flags] [options]"),
    "cluster-info": ("Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. "
                     "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
                     "kubectl cluster-info [flags] [options]"),
    "config": ('Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".',
               "kubectl config SUBCOMMAND [options]"),
    "config view": ("Display merged kubeconfig settings or a specified kubeconfig file.", "kubectl config view [flags] [options]"),
    "config current-context": ("Display the current-context.", "kubectl config current-context [flags] [options]"),
    "config get-contexts": ("Display one or many contexts from the kubeconfig file.",
                            "kubectl config get-contexts [(-o|--output=)name)] [options]"),
    "config set-context": ("Set a context entry in kubeconfig.",
                           "kubectl config set-context [NAME | --current] [--cluster=cluster_nickname] "
                           "[--user=user_nickname] [--namespace=namespace] [options]"),
    "config use-context": ("Set the current-context in a kubeconfig file.", "kubectl config use-context CONTEXT_NAME [options]"),
}


def usage_text(path: str) -> str:
    if not path:
        return ROOT_HELP
    description, usage = USAGE.get(path, ("", f"kubectl {path} [options]"))
    more = ('Use "kubectl %s <command> --help" for more information about a given command.\n' % path
            if path in ("create", "create service", "create secret", "set", "config", "cluster-info", "apply")
            else "")
    return (f"{description}\n\nUsage:\n  {usage}\n\n{more}"
            'Use "kubectl options" for a list of global command-line options (applies to all commands).\n')


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, case-insensitive (cobra's ld with ignoreCase)."""
    a, b = a.lower(), b.lower()
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def suggestions(typed: str) -> list[str]:
    """cobra's SuggestionsFor: distance <= 2 or a prefix, in command order."""
    return [c for c in KUBECTL_COMMANDS if _distance(typed, c) <= 2 or c.startswith(typed.lower())]


def unknown_command(word: str) -> KubectlError:
    message = f'error: unknown command "{word}" for "kubectl"'
    found = suggestions(word)
    if found:
        message += "\n\nDid you mean this?\n" + "".join(f"\t{c}\n" for c in found)
    return KubectlError(message)


def unsupported(command: str, language: str) -> KubectlError:
    return KubectlError(text("unsupported", language, command=command, supported=", ".join(SUPPORTED_COMMANDS)))
