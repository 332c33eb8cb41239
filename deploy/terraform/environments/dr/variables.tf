variable "namespace" {
  description = "Kubernetes namespace."
  type        = string
  default     = "ganymede"
}

variable "chart_version" {
  description = "Chart version; keep primary and dr on the same one."
  type        = string
  default     = "0.1.0"
}

variable "image_tag" {
  description = "Image tag; null uses the chart's appVersion."
  type        = string
  default     = null
}

variable "kube_host" {
  description = "API server URL of this region's cluster."
  type        = string
}

variable "kube_cluster_ca_certificate" {
  description = "PEM CA certificate of this region's API server."
  type        = string
}

variable "kube_token" {
  description = "Bearer token for this region's API server."
  type        = string
  sensitive   = true
}
