package deploy

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// readYAML decodes a YAML file into plain maps, lists and scalars.
func readYAML(t *testing.T, name string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(readFile(t, name)), &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// strs returns v as a list of strings: a list's string items, or a
// string alone.
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, item := range v {
			if s, ok := item.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// gitlabKeywords are the top-level keys of a GitLab CI file that are not
// jobs.
var gitlabKeywords = []string{"default", "include", "stages", "variables", "workflow",
	"image", "services", "cache", "before_script", "after_script"}

// gitlabJobs returns the jobs of a GitLab CI file with extends resolved:
// a job's own keys over those of the jobs it extends, merged in depth as
// GitLab merges them. Hidden jobs (".name") are templates, not jobs.
func gitlabJobs(t *testing.T, doc map[string]any) map[string]map[string]any {
	t.Helper()
	var resolve func(name string, depth int) map[string]any
	resolve = func(name string, depth int) map[string]any {
		job, ok := doc[name].(map[string]any)
		if !ok || depth > 10 {
			t.Fatalf("gitlab-ci.yml: %q is not a job", name)
		}
		merged := map[string]any{}
		for _, parent := range strs(job["extends"]) {
			merged = deepMerge(merged, resolve(parent, depth+1))
		}
		return deepMerge(merged, job)
	}
	jobs := map[string]map[string]any{}
	for name := range doc {
		if !slices.Contains(gitlabKeywords, name) && !strings.HasPrefix(name, ".") {
			jobs[name] = resolve(name, 0)
		}
	}
	return jobs
}

// deepMerge returns base with over's keys over it; maps are merged, the
// rest replaced.
func deepMerge(base, over map[string]any) map[string]any {
	out := maps.Clone(base)
	for k, v := range over {
		if b, ok := out[k].(map[string]any); ok {
			if o, ok := v.(map[string]any); ok {
				out[k] = deepMerge(b, o)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// ruleIfs returns the if: conditions of a job's rules.
func ruleIfs(job map[string]any) []string {
	var ifs []string
	rules, _ := job["rules"].([]any)
	for _, r := range rules {
		if r, ok := r.(map[string]any); ok {
			ifs = append(ifs, fmt.Sprint(r["if"]))
		}
	}
	return ifs
}

// TestGitLabCI checks the shape GitLab Pages needs: a job named pages, on
// the default branch, that builds with the Pages address as base URL and
// keeps public/ as its artifact; and a build of every other branch.
func TestGitLabCI(t *testing.T) {
	doc := readYAML(t, "gitlab-ci.yml")
	stages := strs(doc["stages"])
	jobs := gitlabJobs(t, doc)
	image := fmt.Sprint(doc["image"])
	if d, ok := doc["default"].(map[string]any); ok && d["image"] != nil {
		image = fmt.Sprint(d["image"])
	}
	for name, job := range jobs {
		if stage := fmt.Sprint(job["stage"]); !slices.Contains(stages, stage) {
			t.Errorf("job %s: stage %q is not among the stages %q", name, stage, stages)
		}
		if img := job["image"]; img != nil {
			image = fmt.Sprint(img)
		}
		if !strings.HasPrefix(image, "golang:") {
			t.Errorf("job %s: image %q, want golang:<version>, which has Go and make", name, image)
		}
		script := strings.Join(strs(job["script"]), "\n")
		if !strings.Contains(script, "make build") || !strings.Contains(script, `--base-url ${CI_PAGES_URL}/`) {
			t.Errorf("job %s: script %q does not run make build with --base-url ${CI_PAGES_URL}/", name, script)
		}
	}

	pages, ok := jobs["pages"]
	if !ok {
		t.Fatalf("no job named pages, the job GitLab publishes; jobs: %q", slices.Sorted(maps.Keys(jobs)))
	}
	artifacts, _ := pages["artifacts"].(map[string]any)
	if paths := strs(artifacts["paths"]); !slices.Equal(paths, []string{"public"}) {
		t.Errorf("pages: artifacts paths %q, want [public], the folder GitLab publishes", paths)
	}
	if ifs := ruleIfs(pages); !slices.Equal(ifs, []string{"$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}) {
		t.Errorf("pages: rules %q, want it on the default branch only", ifs)
	}
	others := false
	for name, job := range jobs {
		if name != "pages" && slices.Equal(ruleIfs(job), []string{"$CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH"}) {
			others = true
		}
	}
	if !others {
		t.Error("no job builds the other branches, so a push elsewhere is not checked")
	}
}

// TestGitHubWorkflow checks what actionlint (make test) cannot know: that
// the workflow builds with the Pages address as base URL and publishes
// public/, from one branch.
func TestGitHubWorkflow(t *testing.T) {
	doc := readYAML(t, "github-pages.yml")
	jobs, _ := doc["jobs"].(map[string]any)
	build, _ := jobs["build"].(map[string]any)
	steps, _ := build["steps"].([]any)
	uses := map[string]map[string]any{}
	var run []string
	for _, s := range steps {
		step, _ := s.(map[string]any)
		if u, ok := step["uses"].(string); ok {
			name, _, _ := strings.Cut(u, "@")
			uses[name] = step
		}
		if r, ok := step["run"].(string); ok {
			env, _ := step["env"].(map[string]any)
			if strings.Contains(r, "make build") && strings.Contains(r, "--base-url $BASE_URL/") &&
				env["BASE_URL"] == "${{ steps.pages.outputs.base_url }}" {
				run = append(run, r)
			}
		}
	}
	for _, action := range []string{"actions/checkout", "actions/setup-go", "actions/configure-pages", "actions/upload-pages-artifact"} {
		if uses[action] == nil {
			t.Errorf("the build job does not use %s", action)
		}
	}
	if id := uses["actions/configure-pages"]["id"]; id != "pages" {
		t.Errorf("configure-pages has id %v, want pages, which the build reads", id)
	}
	if len(run) != 1 {
		t.Error("the build job does not run make build with --base-url from configure-pages' base_url")
	}
	upload, _ := uses["actions/upload-pages-artifact"]["with"].(map[string]any)
	if upload["path"] != "public" {
		t.Errorf("upload-pages-artifact uploads %v, want public", upload["path"])
	}
	if upload["include-hidden-files"] != true {
		t.Errorf("upload-pages-artifact include-hidden-files = %v, want true: static/.well-known/ would be left out", upload["include-hidden-files"])
	}
	deploy, _ := jobs["deploy"].(map[string]any)
	if !strings.Contains(fmt.Sprint(deploy["steps"]), "actions/deploy-pages@") {
		t.Error("no deploy job with actions/deploy-pages")
	}
	on, _ := doc["on"].(map[string]any)
	if _, ok := on["push"]; !ok {
		t.Error("the workflow does not run on every push")
	}
}
