{{/* Contradictory values fail the render with one clear message each. */}}
{{- define "judix.validate" -}}
{{- range $component := list "api" "web" -}}
{{- $c := index $.Values $component -}}
{{- if $c.autoscaling.enabled -}}
{{- if and (gt (int $c.autoscaling.targetCPUUtilizationPercentage) 0) (not $c.resources.requests.cpu) -}}
{{- fail (printf "%s.autoscaling.enabled needs %s.resources.requests.cpu: the HPA measures CPU against the request" $component $component) -}}
{{- end -}}
{{- if and (gt (int $c.autoscaling.targetMemoryUtilizationPercentage) 0) (not $c.resources.requests.memory) -}}
{{- fail (printf "%s.autoscaling.enabled needs %s.resources.requests.memory: the HPA measures memory against the request" $component $component) -}}
{{- end -}}
{{- if and (eq (int $c.autoscaling.targetCPUUtilizationPercentage) 0) (eq (int $c.autoscaling.targetMemoryUtilizationPercentage) 0) -}}
{{- fail (printf "%s.autoscaling.enabled needs a CPU or memory target above 0" $component) -}}
{{- end -}}
{{- if gt (int $c.autoscaling.minReplicas) (int $c.autoscaling.maxReplicas) -}}
{{- fail (printf "%s.autoscaling.minReplicas (%d) is above maxReplicas (%d)" $component (int $c.autoscaling.minReplicas) (int $c.autoscaling.maxReplicas)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $component := list "api" "web" -}}
{{- $c := index $.Values $component -}}
{{- if $c.autoscaling.enabled -}}
{{- range $c.sidecars -}}
{{- if not (and .resources .resources.requests .resources.requests.cpu .resources.requests.memory) -}}
{{- fail (printf "%s.sidecars[%s] needs resources.requests.cpu and .memory: without them the HPA shows <unknown> and never scales" $component .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $shutdown := .Values.api.shutdown -}}
{{- $needed := add $shutdown.preStopSleepSeconds $shutdown.drainSeconds $shutdown.timeoutSeconds -}}
{{- if and $shutdown.terminationGracePeriodSeconds (le (int $shutdown.terminationGracePeriodSeconds) (int $needed)) -}}
{{- fail (printf "api.shutdown.terminationGracePeriodSeconds (%d) must exceed preStopSleepSeconds + drainSeconds + timeoutSeconds (%d), or the api is killed mid-shutdown" (int $shutdown.terminationGracePeriodSeconds) (int $needed)) -}}
{{- end -}}
{{- if le (int .Values.web.terminationGracePeriodSeconds) (int .Values.web.preStopSleepSeconds) -}}
{{- fail "web.terminationGracePeriodSeconds must exceed web.preStopSleepSeconds" -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.hosts) -}}
{{- fail "ingress.enabled needs at least one host in ingress.hosts" -}}
{{- end -}}
{{- if and .Values.gateway.enabled (not .Values.gateway.parentRefs) -}}
{{- fail "gateway.enabled needs at least one Gateway in gateway.parentRefs" -}}
{{- end -}}
{{- if and .Values.ingress.enabled .Values.ingress.tls.enabled (not .Values.ingress.tls.secretName) -}}
{{- fail "ingress.tls.enabled needs ingress.tls.secretName (an existing Secret, or the one cert-manager fills in)" -}}
{{- end -}}
{{- if .Values.mongodb.enabled -}}
{{- if eq (mod (int .Values.mongodb.replicas) 2) 0 -}}
{{- fail (printf "mongodb.replicas must be odd (got %d): an even member count cannot always elect a primary" (int .Values.mongodb.replicas)) -}}
{{- end -}}
{{- else if not .Values.mongodb.external.existingSecret -}}
{{- fail "mongodb.enabled=false needs mongodb.external.existingSecret (a Secret with the connection string)" -}}
{{- end -}}
{{- if and (not .Values.redis.enabled) (not .Values.redis.external.existingSecret) -}}
{{- fail "redis.enabled=false needs redis.external.existingSecret (a Secret with the redis:// URL)" -}}
{{- end -}}
{{- end -}}
