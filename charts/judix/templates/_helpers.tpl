{{/* Names, labels, images and shared pod settings. */}}

{{- define "judix.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "judix.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Name of one component's resources: judix.componentName (dict "ctx" $ "component" "api").
At most 52 characters for any release name: a StatefulSet's pods get the label
`controller-revision-hash: <name>-<10 characters>`, which must fit in 63, and the longest
derived names (`<name>-headless`, `<name>-roundtrip`, `data-<name>-0`) stay below 63. A
shortened full name ends in a hash of the whole one, so two long release names that share a
prefix never share resource names.
*/}}
{{- define "judix.componentName" -}}
{{- $full := include "judix.fullname" .ctx -}}
{{- $budget := sub 51 (len .component) | int -}}
{{- if gt (len $full) $budget -}}
{{- $full = printf "%s-%s" ($full | trunc (sub $budget 6 | int) | trimSuffix "-") (sha256sum $full | trunc 5) -}}
{{- end -}}
{{- printf "%s-%s" $full .component -}}
{{- end -}}

{{/* Labels that never change for a release: used in selectors and volumeClaimTemplates. */}}
{{- define "judix.selectorLabels" -}}
app.kubernetes.io/name: {{ include "judix.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "judix.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "judix.selectorLabels" . }}
app.kubernetes.io/part-of: judix
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Image reference: judix.image (dict "image" .Values.api.image "ctx" $).
The global registry wins over the image's own; a digest pins the image; `latest` is refused.
*/}}
{{- define "judix.image" -}}
{{- $registry := default .image.registry .ctx.Values.global.imageRegistry -}}
{{- $tag := default .ctx.Chart.AppVersion .image.tag | toString -}}
{{- if eq $tag "latest" -}}
{{- fail (printf "image %s: the tag \"latest\" is not allowed; pin a version (and optionally a digest)" .image.repository) -}}
{{- end -}}
{{- $repository := .image.repository -}}
{{- if $registry -}}
{{- $repository = printf "%s/%s" $registry $repository -}}
{{- end -}}
{{- if .image.digest -}}
{{- printf "%s:%s@%s" $repository $tag .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "judix.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Resources without empty entries, so an empty CPU limit means "no limit". */}}
{{- define "judix.resources" -}}
resources:
{{- range $kind := list "requests" "limits" }}
{{- $set := dict }}
{{- range $name, $value := (get $ $kind | default dict) }}
{{- if $value }}{{ $_ := set $set $name $value }}{{ end }}
{{- end }}
{{- if $set }}
  {{ $kind }}:
    {{- toYaml $set | nindent 4 }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Soft spread across nodes and zones, as a list: judix.topologySpread (dict "ctx" $ "component" "api"). */}}
{{- define "judix.topologySpread" -}}
{{- $constraints := list -}}
{{- range $key := list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
{{- $selector := include "judix.selectorLabels" $ | fromYaml -}}
{{- $constraints = append $constraints (dict "maxSkew" 1 "topologyKey" $key "whenUnsatisfiable" "ScheduleAnyway" "labelSelector" (dict "matchLabels" $selector) "matchLabelKeys" (list "pod-template-hash")) -}}
{{- end }}
{{- toYaml $constraints -}}
{{- end -}}

{{- define "judix.serviceAccountName" -}}
{{- $sa := index .ctx.Values .component "serviceAccount" -}}
{{- if $sa.create -}}
{{- default (include "judix.componentName" .) $sa.name -}}
{{- else -}}
{{- default "default" $sa.name -}}
{{- end -}}
{{- end -}}

{{/* At least two pods guaranteed, so a PDB with maxUnavailable cannot block a drain. */}}
{{- define "judix.guaranteedReplicas" -}}
{{- if .autoscaling.enabled -}}{{ .autoscaling.minReplicas }}{{- else -}}{{ .replicaCount }}{{- end -}}
{{- end -}}

{{/* Hostnames of every MongoDB member, port included, comma separated. */}}
{{- define "judix.mongodb.hosts" -}}
{{- $name := include "judix.componentName" (dict "ctx" . "component" "mongodb") -}}
{{- $hosts := list -}}
{{- range $i := until (int .Values.mongodb.replicas) -}}
{{- $hosts = append $hosts (printf "%s-%d.%s-headless.%s.svc.%s:27017" $name $i $name $.Release.Namespace $.Values.clusterDomain) -}}
{{- end -}}
{{- join "," $hosts -}}
{{- end -}}

{{/* Browser origins the app is served from: the Ingress hosts, and the HTTPRoute's (HTTPS, which Gateways terminate). */}}
{{- define "judix.ingress.origins" -}}
{{- $scheme := ternary "https" "http" .Values.ingress.tls.enabled -}}
{{- $origins := list -}}
{{- range .Values.ingress.hosts }}{{ $origins = append $origins (printf "%s://%s" $scheme .) }}{{ end -}}
{{- if .Values.gateway.enabled -}}
{{- range .Values.gateway.hostnames }}{{ $origins = append $origins (printf "https://%s" .) }}{{ end -}}
{{- end -}}
{{- join "," (uniq $origins) -}}
{{- end -}}

{{/*
The egress rule to DNS every pod's policy carries: the DNS pods of networkPolicy.dns and any CIDRs
(NodeLocal DNSCache's link-local address), on networkPolicy.dns.ports. judix.networkPolicy.dnsEgress $
*/}}
{{- define "judix.networkPolicy.dnsEgress" -}}
{{- $np := .Values.networkPolicy -}}
{{- $peers := list -}}
{{- if $np.dns.namespaceSelector -}}
{{- $peers = append $peers (dict "namespaceSelector" (dict "matchLabels" $np.dns.namespaceSelector) "podSelector" (dict "matchLabels" ($np.dns.podSelector | default dict))) -}}
{{- end -}}
{{- range $np.dns.ipBlocks -}}
{{- $peers = append $peers (dict "ipBlock" (dict "cidr" .)) -}}
{{- end -}}
{{- $rule := dict "ports" $np.dns.ports -}}
{{- with $peers }}{{ $_ := set $rule "to" . }}{{ end -}}
- {{- toYaml $rule | nindent 2 }}
{{- end -}}
