{{- define "ganymede.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ganymede.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "ganymede.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "ganymede.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ganymede.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "ganymede.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: (list $ "hub") */}}
{{- define "ganymede.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "ganymede.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "ganymede.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "ganymede.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ganymede.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "ganymede.secretName" -}}
{{- printf "%s-secret" (include "ganymede.fullname" .) -}}
{{- end -}}

{{- define "ganymede.sqlite" -}}
{{- if and (not .Values.hub.database.existingSecret) (not .Values.hub.database.url) -}}true{{- end -}}
{{- end -}}

{{- define "ganymede.usersClaim" -}}
{{- default (printf "%s-users" (include "ganymede.fullname" .)) .Values.storage.users.existingClaim -}}
{{- end -}}

{{- define "ganymede.dataClaim" -}}
{{- default (printf "%s-data" (include "ganymede.fullname" .)) .Values.storage.data.existingClaim -}}
{{- end -}}

{{/* "true" when users' servers run in a namespace per user (hub.config.kubernetes.namespacePerUser). */}}
{{- define "ganymede.namespacePerUser" -}}
{{- if dig "kubernetes" "namespacePerUser" false .Values.hub.config -}}true{{- end -}}
{{- end -}}

{{/* The namespace the hub watches and labels its user namespaces with. */}}
{{- define "ganymede.hubNamespace" -}}
{{- dig "kubernetes" "namespace" .Release.Namespace .Values.hub.config -}}
{{- end -}}

{{/*
The hub's ganymede.yaml: the chart's wiring, then hub.config over it (the user's keys win).
No secret is ever part of it: those come from Secrets as GANYMEDE_* environment variables.
*/}}
{{- define "ganymede.hubConfig" -}}
{{- $fullname := include "ganymede.fullname" . -}}
{{- if and (include "ganymede.namespacePerUser" .) .Values.storage.users.enabled -}}
{{- fail "storage.users.enabled cannot be used with hub.config.kubernetes.namespacePerUser: its one claim lives in the release namespace and a pod mounts only claims of its own namespace (docs/kubernetes.md)" -}}
{{- end -}}
{{- if and (include "ganymede.namespacePerUser" .) .Values.storage.data.enabled -}}
{{- fail "storage.data.enabled cannot be used with hub.config.kubernetes.namespacePerUser: its claim lives in the release namespace and a pod mounts only claims of its own namespace (docs/kubernetes.md)" -}}
{{- end -}}
{{- $kubernetes := dict "namespace" .Release.Namespace "hubUrl" (include "ganymede.hubUrl" .) -}}
{{- if .Values.storage.users.enabled -}}
{{- $_ := set $kubernetes "storageType" "static" -}}
{{- $_ := set $kubernetes "staticClaim" (include "ganymede.usersClaim" .) -}}
{{- $_ := set $kubernetes "staticSubPath" .Values.storage.users.subPath -}}
{{- end -}}
{{- if .Values.storage.data.enabled -}}
{{- $_ := set $kubernetes "dataClaim" (include "ganymede.dataClaim" .) -}}
{{- $_ := set $kubernetes "dataMountPath" .Values.storage.data.mountPath -}}
{{- end -}}
{{- $base := dict
  "hub" (dict "ip" "0.0.0.0" "port" 8081 "dataDir" "/srv/ganymede")
  "proxy" (dict "mode" "external" "apiUrl" (printf "http://%s-proxy-api:8001" $fullname))
  "spawner" (dict "type" "kubernetes")
  "kubernetes" $kubernetes -}}
{{- toYaml (mustMergeOverwrite $base (deepCopy .Values.hub.config)) -}}
{{- end -}}

{{/*
What users' servers admit with hub.config.kubernetes.networkPolicy: each server's policy lets in
only pods of the hub's namespace with these labels (z2jh's; KubernetesSpawner.SERVER_ACCESS_LABELS).
The hub (readiness checks) and the proxy (users' traffic) carry them.
*/}}
{{- define "ganymede.serverAccessLabels" -}}
hub.jupyter.org/network-access-singleuser: "true"
{{- end -}}

{{/* The hub as users' pods reach it: its Service's fully qualified name, from any namespace. */}}
{{- define "ganymede.hubUrl" -}}
{{- printf "http://%s-hub.%s.svc.cluster.local:8081" (include "ganymede.fullname" .) .Release.Namespace -}}
{{- end -}}

{{/* Pod security of every pod; the seccomp profile is RuntimeDefault unless the argument (the
     root context, or a dict) carries a "seccompProfile" (the proxy's, proxy.seccompProfile). */}}
{{- define "ganymede.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  {{- toYaml (.seccompProfile | default (dict "type" "RuntimeDefault")) | nindent 2 }}
{{- end -}}

{{- define "ganymede.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Cluster-scoped, so unique per release and namespace. */}}
{{- define "ganymede.clusterRoleName" -}}
{{- printf "%s-%s-hub" .Release.Namespace (include "ganymede.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The spawner's rules on users' objects: the namespaced Role's, or in the ClusterRole. No update or
patch anywhere: a leftover network policy is deleted and created anew.
*/}}
{{- define "ganymede.spawnerRules" }}
  - apiGroups: [""]
    resources: [pods, persistentvolumeclaims]
    verbs: [get, list, watch, create, delete]
  - apiGroups: [""]
    resources: [events]
    verbs: [get, list, watch]
  - apiGroups: [networking.k8s.io]
    resources: [networkpolicies]
    verbs: [get, list, create, delete]
{{- end -}}
