{{/*
Secret values that survive upgrades. Order of precedence: an existing Secret named by the user
(its key is referenced, never copied), an explicit value, the value already in the cluster
(`lookup`; empty under `helm template`), and finally a random URL-safe value.
*/}}

{{/* judix.secretValue (dict "ctx" $ "secret" "name" "key" "k" "value" "explicit" "length" 32) */}}
{{- define "judix.secretValue" -}}
{{- if .value -}}
{{- .value -}}
{{- else -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret | default dict -}}
{{- $current := dig "data" .key "" $existing -}}
{{- if $current -}}
{{- b64dec $current -}}
{{- else -}}
{{- randAlphaNum (int .length) -}}
{{- end -}}
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
mongodb-root-password: {{ include "judix.secretValue" (dict "ctx" . "secret" $name "key" "mongodb-root-password" "value" $auth.rootPassword "length" 32) | b64enc }}
mongodb-password: {{ include "judix.secretValue" (dict "ctx" . "secret" $name "key" "mongodb-password" "value" $auth.password "length" 32) | b64enc }}
mongodb-keyfile: {{ include "judix.secretValue" (dict "ctx" . "secret" $name "key" "mongodb-keyfile" "value" $auth.keyfile "length" 756) | b64enc }}
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
