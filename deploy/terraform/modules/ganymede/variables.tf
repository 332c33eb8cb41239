variable "environment" {
  description = "Which deployment this is: primary or dr (disaster recovery)."
  type        = string

  validation {
    condition     = contains(["primary", "dr"], var.environment)
    error_message = "environment must be \"primary\" or \"dr\"."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the release (created when create_namespace is true)."
  type        = string
  default     = "ganymede"
}

variable "create_namespace" {
  description = "Create the namespace if it does not exist."
  type        = bool
  default     = true
}

variable "release_name" {
  description = "Helm release name."
  type        = string
  default     = "ganymede"
}

variable "chart" {
  description = "The chart: a local path (deploy/helm/ganymede) or a chart name in chart_repository."
  type        = string
}

variable "chart_repository" {
  description = "Chart repository URL (oci:// or https://); null for a local chart path."
  type        = string
  default     = null
}

variable "chart_version" {
  description = "Chart version to install; changing it upgrades, setting the previous one rolls back."
  type        = string
}

variable "values_file" {
  description = "Path of the environment's values file (see deploy/helm/ganymede/examples)."
  type        = string
}

variable "image_tag" {
  description = "Hub/proxy image tag; null keeps the chart's appVersion."
  type        = string
  default     = null
}

variable "timeout_seconds" {
  description = "How long Helm waits for the release's pods to be ready."
  type        = number
  default     = 600
}

variable "kube_host" {
  description = "Kubernetes API server URL of the target cluster."
  type        = string
}

variable "kube_cluster_ca_certificate" {
  description = "PEM CA certificate of the API server."
  type        = string
}

variable "kube_token" {
  description = "Bearer token for the API server (e.g. from the cloud provider's data source)."
  type        = string
  sensitive   = true
}
