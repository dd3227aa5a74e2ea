"""Validates the manifests in this folder against the vendored Kubernetes JSON schemas
(schemas/kubernetes-v1.30.0-strict.json: strict, so a misspelt or misplaced key fails),
offline. Also checks that a broken manifest is rejected, so a validator that accepts
anything cannot pass. Needs PyYAML and jsonschema >= 4 (Debian: python3-yaml,
python3-jsonschema). Run: python3 examples/kubernetes/validate.py"""
import copy
import glob
import json
import os
import sys

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = json.load(open(os.path.join(HERE, "schemas", "kubernetes-v1.30.0-strict.json")))
KINDS = {
    ("batch/v1", "Job"): "job-batch-v1",
    ("v1", "PersistentVolumeClaim"): "persistentvolumeclaim-v1",
    ("v1", "ConfigMap"): "configmap-v1",
}


def errors(document):
    """The schema violations of one manifest, as lines."""
    kind = KINDS.get((document.get("apiVersion"), document.get("kind")))
    if kind is None:
        return [f"no vendored schema for {document.get('apiVersion')} {document.get('kind')}"]
    schema = {"$defs": ROOT["$defs"], "$ref": f"#/$defs/{kind}"}
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def main():
    failed = False
    manifests = sorted(glob.glob(os.path.join(HERE, "*.yaml")))
    assert manifests, "no manifests"
    for path in manifests:
        for document in yaml.safe_load_all(open(path)):
            problems = errors(document)
            name = f"{os.path.basename(path)} ({document['kind']} {document['metadata']['name']})"
            print(("FAIL " if problems else "ok   ") + name)
            for line in problems:
                print("     " + line)
            failed |= bool(problems)
    # The schemas must be able to say no.
    job = yaml.safe_load(open(os.path.join(HERE, "shards-job.yaml")))
    for breakage in ("misspelt key", "wrong type"):
        broken = copy.deepcopy(job)
        if breakage == "misspelt key":
            broken["spec"]["completionsMode"] = broken["spec"].pop("completionMode")
        else:
            broken["spec"]["completions"] = "sixty-four"
        if not errors(broken):
            print(f"FAIL a Job with a {breakage} was accepted")
            failed = True
        else:
            print(f"ok   a Job with a {breakage} is rejected")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
