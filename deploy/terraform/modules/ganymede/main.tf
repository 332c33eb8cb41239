provider "helm" {
  kubernetes {
    host                   = var.kube_host
    cluster_ca_certificate = var.kube_cluster_ca_certificate
    token                  = var.kube_token
  }
}

resource "helm_release" "ganymede" {
  name             = var.release_name
  namespace        = var.namespace
  create_namespace = var.create_namespace
  chart            = var.chart
  repository       = var.chart_repository
  version          = var.chart_version
  values           = [file(var.values_file)]
  atomic           = true
  cleanup_on_fail  = true
  wait             = true
  timeout          = var.timeout_seconds

  dynamic "set" {
    for_each = var.image_tag == null ? [] : [var.image_tag]
    content {
      name  = "image.tag"
      value = set.value
    }
  }

  set {
    name  = "hub.podAnnotations.ganymede\\.dev/environment"
    value = var.environment
  }
}
