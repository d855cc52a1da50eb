{{/*
Secret values that survive upgrades. Order of precedence: an existing Secret named by the user
(its key is referenced, never copied), an explicit value, the value already in the cluster
(`lookup`; empty under `helm template`), and finally a random URL-safe value.
*/}}

{{/*
judix.secretValue (dict "ctx" $ "secret" "name" "key" "k" "value" "explicit" "length" 32)
A value found or generated is remembered for the rest of the render, so the Secret and the
checksum annotations of its users see the same one: otherwise the first upgrade after an install
would change every checksum and restart every pod.
*/}}
{{- define "judix.secretValue" -}}
{{- if .value -}}
{{- .value -}}
{{- else -}}
{{- if not (hasKey .ctx "judixSecretValues") -}}
{{- $_ := set .ctx "judixSecretValues" dict -}}
{{- end -}}
{{- $remembered := get .ctx "judixSecretValues" -}}
{{- $id := printf "%s/%s" .secret .key -}}
{{- if not (hasKey $remembered $id) -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret | default dict -}}
{{- $current := dig "data" .key "" $existing -}}
{{- $_ := set $remembered $id (ternary (b64dec $current) (randAlphaNum (int .length)) (ne $current "")) -}}
{{- end -}}
{{- get $remembered $id -}}
{{- end -}}
{{- end -}}

{{/* Fails clearly when a user-provided Secret exists but lacks a key the chart reads from it. */}}
{{/* judix.requireSecretKeys (dict "ctx" $ "secret" "name" "keys" (list "k") "value" "auth.existingSecret") */}}
{{- define "judix.requireSecretKeys" -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret | default dict -}}
{{- if $existing -}}
{{- range .keys -}}
{{- if not (hasKey ($existing.data | default dict) .) -}}
{{- fail (printf "%s: Secret %q has no key %q" $.value $.secret .) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "judix.secretName.app" -}}
{{- default (include "judix.componentName" (dict "ctx" . "component" "app")) .Values.auth.existingSecret -}}
{{- end -}}

{{- define "judix.secretName.mongodb" -}}
{{- default (include "judix.componentName" (dict "ctx" . "component" "mongodb")) .Values.mongodb.auth.existingSecret -}}
{{- end -}}

{{- define "judix.secretName.redis" -}}
{{- default (include "judix.componentName" (dict "ctx" . "component" "redis")) .Values.redis.auth.existingSecret -}}
{{- end -}}

{{- define "judix.secretName.mongodbMonitoring" -}}
{{- default (include "judix.componentName" (dict "ctx" . "component" "mongodb-monitoring")) .Values.observability.exporters.mongodb.auth.existingSecret -}}
{{- end -}}

{{- define "judix.secretData.app" -}}
{{- if .Values.auth.existingSecret -}}
{{- include "judix.requireSecretKeys" (dict "ctx" . "secret" .Values.auth.existingSecret "keys" (list "jwt-secret") "value" "auth.existingSecret") -}}
existingSecret: {{ .Values.auth.existingSecret }}
{{- else -}}
jwt-secret: {{ include "judix.secretValue" (dict "ctx" . "secret" (include "judix.secretName.app" .) "key" "jwt-secret" "value" (join "," .Values.auth.jwtSecrets) "length" 64) | b64enc }}
{{- end -}}
{{- end -}}

{{- define "judix.secretData.mongodb" -}}
{{- $auth := .Values.mongodb.auth -}}
{{- if $auth.existingSecret -}}
{{- include "judix.requireSecretKeys" (dict "ctx" . "secret" $auth.existingSecret "keys" (list "mongodb-root-password" "mongodb-password" "mongodb-keyfile") "value" "mongodb.auth.existingSecret") -}}
existingSecret: {{ $auth.existingSecret }}
{{- else -}}
{{- $name := include "judix.secretName.mongodb" . -}}
{{- include "judix.refuseNewMongoPasswords" (dict "ctx" . "secret" $name) -}}
mongodb-root-password: {{ include "judix.secretValue" (dict "ctx" . "secret" $name "key" "mongodb-root-password" "value" $auth.rootPassword "length" 32) | b64enc }}
mongodb-password: {{ include "judix.secretValue" (dict "ctx" . "secret" $name "key" "mongodb-password" "value" $auth.password "length" 32) | b64enc }}
mongodb-keyfile: {{ include "judix.secretValue" (dict "ctx" . "secret" $name "key" "mongodb-keyfile" "value" $auth.keyfile "length" 756) | b64enc }}
{{- end -}}
{{- end -}}

{{/* The MongoDB exporter's monitoring user: its own Secret, so the exporter never holds the root password. */}}
{{- define "judix.secretData.mongodbMonitoring" -}}
{{- $auth := .Values.observability.exporters.mongodb.auth -}}
{{- if $auth.existingSecret -}}
{{- include "judix.requireSecretKeys" (dict "ctx" . "secret" $auth.existingSecret "keys" (list "mongodb-monitoring-password") "value" "observability.exporters.mongodb.auth.existingSecret") -}}
existingSecret: {{ $auth.existingSecret }}
{{- else -}}
mongodb-monitoring-password: {{ include "judix.secretValue" (dict "ctx" . "secret" (include "judix.secretName.mongodbMonitoring" .) "key" "mongodb-monitoring-password" "value" $auth.password "length" 32) | b64enc }}
{{- end -}}
{{- end -}}

{{- define "judix.secretData.redis" -}}
{{- if .Values.redis.auth.existingSecret -}}
{{- include "judix.requireSecretKeys" (dict "ctx" . "secret" .Values.redis.auth.existingSecret "keys" (list "redis-password") "value" "redis.auth.existingSecret") -}}
existingSecret: {{ .Values.redis.auth.existingSecret }}
{{- else -}}
redis-password: {{ include "judix.secretValue" (dict "ctx" . "secret" (include "judix.secretName.redis" .) "key" "redis-password" "value" .Values.redis.auth.password "length" 32) | b64enc }}
{{- end -}}
{{- end -}}

{{/* Hash of the credentials the api reads from Secrets the chart renders. */}}
{{- define "judix.secretChecksum.api" -}}
{{- $parts := list (include "judix.secretData.app" .) -}}
{{- if .Values.mongodb.enabled }}{{ $parts = append $parts (include "judix.secretData.mongodb" .) }}{{ end -}}
{{- if .Values.redis.enabled }}{{ $parts = append $parts (include "judix.secretData.redis" .) }}{{ end -}}
{{- join "\n" $parts | sha256sum -}}
{{- end -}}

{{/*
An existing release (its StatefulSet, or member 0's data volume) whose MongoDB Secret is gone
would get new random passwords that the data no longer accepts: the root user, the app user and
the keyfile would all stop matching. The render fails instead, before anything changes.
*/}}
{{- define "judix.refuseNewMongoPasswords" -}}
{{- $auth := .ctx.Values.mongodb.auth -}}
{{- if not (and $auth.rootPassword $auth.password $auth.keyfile) -}}
{{- $ns := .ctx.Release.Namespace -}}
{{- if not (lookup "v1" "Secret" $ns .secret) -}}
{{- $statefulSet := include "judix.componentName" (dict "ctx" .ctx "component" "mongodb") -}}
{{- $claim := printf "data-%s-0" $statefulSet -}}
{{- if or (lookup "apps/v1" "StatefulSet" $ns $statefulSet) (lookup "v1" "PersistentVolumeClaim" $ns $claim) -}}
{{- fail (printf "mongodb.auth: the Secret %q with the MongoDB passwords and keyfile is missing, but this release's MongoDB data exists (StatefulSet %q or claim %q). New random passwords would lock the chart out of its own database. Restore the Secret from a backup, or set mongodb.auth.rootPassword, mongodb.auth.password and mongodb.auth.keyfile to the values the data was created with (or name a Secret holding them in mongodb.auth.existingSecret)." .secret $statefulSet $claim) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
