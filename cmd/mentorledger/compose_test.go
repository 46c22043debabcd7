package main

import (
	"context"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	composecli "github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// loadCompose loads the repository's compose.yaml as `docker compose
// --profile …` would, without Docker.
func loadCompose(t *testing.T, profiles ...string) *types.Project {
	t.Helper()
	opts, err := composecli.NewProjectOptions([]string{filepath.Join("..", "..", "compose.yaml")},
		composecli.WithName("mentorledger"), composecli.WithProfiles(profiles))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("load compose.yaml with profiles %v: %v", profiles, err)
	}
	return p
}

func composeService(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, ok := p.Services[name]
	if !ok {
		t.Fatalf("compose.yaml with profiles %v: no service %q among %v", p.Profiles, name, slices.Sorted(maps.Keys(p.Services)))
	}
	if s.HealthCheck == nil || s.HealthCheck.Disable || len(s.HealthCheck.Test) < 2 || s.HealthCheck.Test[0] == "NONE" {
		t.Errorf("service %s: no health check", name)
	}
	return s
}

func composeEnv(t *testing.T, s types.ServiceConfig, key string) string {
	t.Helper()
	v, ok := s.Environment[key]
	if !ok || v == nil || *v == "" {
		t.Fatalf("service %s: no %s in its environment", s.Name, key)
	}
	return *v
}

// esdbHosts returns the host names an esdb:// connection string names.
func esdbHosts(t *testing.T, conn string) []string {
	t.Helper()
	rest, ok := strings.CutPrefix(conn, "esdb://")
	if !ok {
		t.Fatalf("ledger %q: not an esdb:// connection string", conn)
	}
	rest, _, _ = strings.Cut(rest, "?")
	var hosts []string
	for _, hp := range strings.Split(rest, ",") {
		host, _, _ := strings.Cut(hp, ":")
		hosts = append(hosts, host)
	}
	return hosts
}

// hasVolume reports whether a service mounts a named volume at target.
func hasVolume(s types.ServiceConfig, target string) bool {
	for _, v := range s.Volumes {
		if v.Type == types.VolumeTypeVolume && v.Source != "" && v.Target == target {
			return true
		}
	}
	return false
}

// checkServe checks that a serve service runs against the given ledger
// and the nats service, after both are healthy, keeping its data in a
// volume.
func checkServe(t *testing.T, p *types.Project, name string, ledgerHosts []string) {
	t.Helper()
	s := composeService(t, p, name)
	ledger := composeEnv(t, s, "MENTORLEDGER_LEDGER")
	if got := esdbHosts(t, ledger); !slices.Equal(got, ledgerHosts) {
		t.Errorf("%s: MENTORLEDGER_LEDGER %q names %v, want %v", name, ledger, got, ledgerHosts)
	}
	bus := composeEnv(t, s, "MENTORLEDGER_BUS")
	u, err := url.Parse(bus)
	if err != nil || u.Scheme != "nats" || u.Hostname() != "nats" {
		t.Errorf("%s: MENTORLEDGER_BUS %q, want nats://nats:PORT", name, bus)
	}
	cmd := []string(s.Command)
	if len(cmd) == 0 || cmd[0] != "serve" {
		t.Errorf("%s: command %q, want serve", name, cmd)
	}
	for flag, want := range map[string]string{"--ledger": ledger, "--bus": bus} {
		i := slices.Index(cmd, flag)
		if i < 0 || i+1 >= len(cmd) || cmd[i+1] != want {
			t.Errorf("%s: command %q, want %s %s", name, cmd, flag, want)
		}
	}
	for _, dep := range append([]string{"nats"}, ledgerHosts...) {
		if d, ok := s.DependsOn[dep]; !ok || d.Condition != types.ServiceConditionHealthy {
			t.Errorf("%s: does not wait for %s to be healthy", name, dep)
		}
	}
	if !hasVolume(s, "/var/lib/mentorledger") || composeEnv(t, s, "MENTORLEDGER_DATA") != "/var/lib/mentorledger" {
		t.Errorf("%s: its data directory /var/lib/mentorledger is not a volume", name)
	}
}

func TestComposeSingleNodeByDefault(t *testing.T) {
	p := loadCompose(t)
	es := composeService(t, p, "eventstore")
	if got := composeEnv(t, es, "EVENTSTORE_CLUSTER_SIZE"); got != "1" {
		t.Errorf("eventstore: cluster size %s, want 1", got)
	}
	if !hasVolume(es, "/var/lib/eventstore") {
		t.Error("eventstore: its data is not a volume")
	}
	nats := composeService(t, p, "nats")
	if !slices.Contains(nats.Command, "--jetstream") && !slices.Contains(nats.Command, "-js") {
		t.Errorf("nats: command %q does not enable JetStream", nats.Command)
	}
	if i := slices.Index(nats.Command, "--store_dir"); i < 0 || i+1 >= len(nats.Command) || !hasVolume(nats, nats.Command[i+1]) {
		t.Errorf("nats: JetStream's store directory is not a volume (command %q)", nats.Command)
	}
	checkServe(t, p, "mentorledger", []string{"eventstore"})
	for name, s := range p.Services {
		if strings.HasPrefix(s.Image, "eventstore/") && name != "eventstore" {
			t.Errorf("default profile starts EventStoreDB node %s besides the single node", name)
		}
	}
}

func TestComposeClusterProfileHasThreeEventStoreDBNodes(t *testing.T) {
	p := loadCompose(t, "cluster")
	var nodes []string
	for name, s := range p.Services {
		if strings.HasPrefix(s.Image, "eventstore/") && slices.Contains(s.Profiles, "cluster") {
			nodes = append(nodes, name)
		}
	}
	slices.Sort(nodes)
	if len(nodes) != 3 {
		t.Fatalf("cluster profile: EventStoreDB nodes %v, want three", nodes)
	}
	for _, name := range nodes {
		s := composeService(t, p, name)
		if got := composeEnv(t, s, "EVENTSTORE_CLUSTER_SIZE"); got != "3" {
			t.Errorf("%s: cluster size %s, want 3", name, got)
		}
		if seeds := strings.Split(composeEnv(t, s, "EVENTSTORE_GOSSIP_SEED"), ","); len(seeds) != 2 {
			t.Errorf("%s: gossip seeds %v, want the other two nodes", name, seeds)
		}
		if !hasVolume(s, "/var/lib/eventstore") {
			t.Errorf("%s: its data is not a volume", name)
		}
	}
	composeService(t, p, "nats")
	checkServe(t, p, "mentorledger-cluster", nodes)
}

func TestComposeWorkersProfileHasTwoProjectionWorkers(t *testing.T) {
	p := loadCompose(t, "workers")
	volumes := map[string]string{}
	for _, name := range []string{"projector-1", "projector-2"} {
		s := composeService(t, p, name)
		cmd := []string(s.Command)
		if len(cmd) == 0 || cmd[0] != "project" {
			t.Errorf("%s: command %q, want project", name, cmd)
		}
		if i := slices.Index(cmd, "--bus"); i < 0 || i+1 >= len(cmd) || !strings.HasPrefix(cmd[i+1], "nats://nats:") {
			t.Errorf("%s: command %q, want --bus nats://nats:PORT", name, cmd)
		}
		for _, v := range s.Volumes {
			if v.Target == "/var/lib/mentorledger" {
				if other, ok := volumes[v.Source]; ok {
					t.Errorf("%s and %s share the views volume %s", other, name, v.Source)
				}
				volumes[v.Source] = name
			}
		}
	}
	if len(volumes) != 2 {
		t.Errorf("workers' views volumes %v, want one each", volumes)
	}
}
